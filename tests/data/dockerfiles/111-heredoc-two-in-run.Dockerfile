FROM busybox
RUN <<A bash && <<B sh
echo a
A
echo b
B
