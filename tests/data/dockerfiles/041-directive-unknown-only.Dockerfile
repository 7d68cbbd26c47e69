# directive=value
FROM busybox
