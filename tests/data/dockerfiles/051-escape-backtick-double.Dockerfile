# escape=`
FROM busybox
RUN echo a ``
RUN echo b
