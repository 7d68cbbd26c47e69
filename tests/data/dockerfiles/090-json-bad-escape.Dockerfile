FROM busybox
CMD ["\x"]
