FROM busybox
RUN echo a \
# trailing comment
