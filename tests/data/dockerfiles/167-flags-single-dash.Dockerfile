FROM busybox
RUN -x echo
COPY -a b c
