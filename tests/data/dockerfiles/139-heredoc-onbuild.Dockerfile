FROM busybox
ONBUILD RUN <<EOF
echo later
EOF
RUN echo now
