FROM busybox
ENV "A=1"
ENV B"=2"
