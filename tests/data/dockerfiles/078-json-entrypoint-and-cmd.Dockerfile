FROM busybox
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["echo hi"]
