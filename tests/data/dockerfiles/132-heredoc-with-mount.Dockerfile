FROM busybox
RUN --mount=type=cache,target=/root/.cache <<EOF
echo cached
EOF
