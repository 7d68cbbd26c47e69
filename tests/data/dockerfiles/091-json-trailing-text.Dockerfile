FROM busybox
CMD ["a"] trailing words
