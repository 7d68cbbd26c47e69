FROM busybox
# escape=`
RUN echo a \
  b
