FROM busybox
COPY <<A.txt <<B.txt /out/
alpha
A.txt
beta
B.txt
