FROM busybox
RUN <<A <<B
a
A
b
