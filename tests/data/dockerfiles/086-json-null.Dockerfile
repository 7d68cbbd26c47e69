FROM busybox
ENTRYPOINT ["a", null]
