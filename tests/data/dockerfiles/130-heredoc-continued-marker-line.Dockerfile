FROM busybox
RUN <<EOF && \
    echo after
echo body
EOF
