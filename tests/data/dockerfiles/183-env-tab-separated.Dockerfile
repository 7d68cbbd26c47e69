FROM busybox
ENV A	b
