FROM busybox
ENTRYPOINT exec /app --flag
