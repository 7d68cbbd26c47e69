FROM busybox
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --start-interval=2s --retries=3 \
  CMD wget -qO- http://localhost:8080/health || exit 1
