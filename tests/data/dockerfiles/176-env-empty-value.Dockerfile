FROM busybox
ENV A= B=""
