FROM busybox
ONBUILD CMD ["a", 1]
