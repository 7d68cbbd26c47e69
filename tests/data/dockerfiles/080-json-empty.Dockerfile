FROM busybox
CMD []
ENTRYPOINT [ ]
