FROM busybox
RUN echo "<<EOF"
