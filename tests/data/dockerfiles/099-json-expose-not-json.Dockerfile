FROM busybox
EXPOSE ["80"]
