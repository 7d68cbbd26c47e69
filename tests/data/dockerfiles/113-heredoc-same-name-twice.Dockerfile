FROM busybox
RUN <<EOF <<EOF
a
EOF
b
EOF
