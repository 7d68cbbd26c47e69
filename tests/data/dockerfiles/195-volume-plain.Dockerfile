FROM busybox
VOLUME /data /logs
VOLUME /single
