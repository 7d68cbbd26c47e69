# escape=`
# check=skip=all
FROM busybox
RUN echo a `
  b
