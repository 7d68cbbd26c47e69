FROM busybox
FROM busybox
COPY --from=0 /bin/sh /sh
