# foo=bar
# escape=`
FROM busybox
RUN echo c:\ \
  d
