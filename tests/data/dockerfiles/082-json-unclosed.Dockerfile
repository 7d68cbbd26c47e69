FROM busybox
CMD [ "a"
