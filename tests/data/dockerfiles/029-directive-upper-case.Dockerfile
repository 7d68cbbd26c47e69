# SYNTAX=docker/dockerfile:1
# ESCAPE=`
FROM busybox
RUN echo a `
  b
