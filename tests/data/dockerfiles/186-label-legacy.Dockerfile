FROM busybox
LABEL version 1.0 beta
