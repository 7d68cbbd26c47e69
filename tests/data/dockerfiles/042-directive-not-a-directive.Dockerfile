# this is=not one
FROM busybox
