FROM busybox
LABEL description="line one \
line two"
