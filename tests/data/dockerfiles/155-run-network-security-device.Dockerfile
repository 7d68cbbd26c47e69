FROM busybox
RUN --network=none echo offline
RUN --network=host --security=insecure echo host
RUN --device=/dev/fuse echo dev
RUN --security=sandbox true
