FROM busybox
healthcheck none
