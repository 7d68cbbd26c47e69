FROM busybox
HEALTHCHECK CMD ["a", 1]
