FROM busybox
RUN \
  echo split
