FROM busybox
CMD ["a",]
