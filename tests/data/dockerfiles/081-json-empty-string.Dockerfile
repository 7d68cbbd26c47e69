FROM busybox
CMD [""]
