FROM busybox
RUN [true]
