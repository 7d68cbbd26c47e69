FROM busybox
RUN <<EOF
echo a
  EOF
EOF
