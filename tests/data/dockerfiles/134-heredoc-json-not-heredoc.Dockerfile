FROM busybox
RUN ["<<EOF"]
