FROM busybox
RUN echo a # not a comment
LABEL note="#x"
