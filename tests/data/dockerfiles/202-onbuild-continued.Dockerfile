FROM busybox
ONBUILD RUN echo a \
    && echo b
