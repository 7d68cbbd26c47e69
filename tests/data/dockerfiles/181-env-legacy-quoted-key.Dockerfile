FROM busybox
ENV "A B" c
