# syntax=docker/dockerfile:1
FROM busybox
RUN <<EOF
echo one
echo two
EOF
