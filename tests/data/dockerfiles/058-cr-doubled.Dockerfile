FROM busybox
RUN true
