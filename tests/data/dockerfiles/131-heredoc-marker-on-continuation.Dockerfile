FROM busybox
RUN cat \
  <<EOF
body
EOF
