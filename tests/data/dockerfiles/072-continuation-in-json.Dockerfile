FROM busybox
CMD ["sh", \
     "-c", \
     "echo hi"]
