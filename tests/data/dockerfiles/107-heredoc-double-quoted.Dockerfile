FROM busybox
RUN <<"EOF"
echo $HOME
EOF
