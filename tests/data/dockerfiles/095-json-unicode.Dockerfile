FROM busybox
CMD ["écho", "日本"]
