FROM busybox
RUN --c=x"y z"w --d= --e true
