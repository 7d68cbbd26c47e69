FROM busybox
LABEL a=b "c d"="e f" g='h'
