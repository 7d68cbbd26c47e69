FROM busybox
RUN <<EOF
echo a \
  b
EOF
