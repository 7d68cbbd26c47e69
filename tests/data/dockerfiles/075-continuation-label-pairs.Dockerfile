FROM busybox
LABEL org.opencontainers.image.title="demo" \
      org.opencontainers.image.version="1.0" \
      maintainer="someone@example.org"
