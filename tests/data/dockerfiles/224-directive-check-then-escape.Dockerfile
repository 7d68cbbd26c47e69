# check=skip=all
# escape=`
FROM busybox
RUN echo c:\dir\ \
  next
