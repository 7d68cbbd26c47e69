FROM busybox
ARG GREETING="hello world"
