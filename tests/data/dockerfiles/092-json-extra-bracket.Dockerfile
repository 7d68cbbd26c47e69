FROM busybox
CMD ["a"]]
