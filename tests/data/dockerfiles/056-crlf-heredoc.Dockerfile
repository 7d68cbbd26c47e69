FROM busybox
RUN <<EOF
echo one
echo two
EOF
