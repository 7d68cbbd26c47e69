FROM busybox
RUN <<E"O"F
x
EOF
