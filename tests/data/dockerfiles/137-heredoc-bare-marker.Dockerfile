FROM busybox
RUN echo <<
