CMD ["x"]
FROM busybox
