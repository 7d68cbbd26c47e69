FROM busybox
USER nobody
USER 1000:1000
USER app:app
