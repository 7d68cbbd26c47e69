FROM busybox
RUN <<A
a
A
COPY <<B /b
b
B
ADD <<C /c
c
C
