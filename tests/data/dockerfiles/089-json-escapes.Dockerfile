FROM busybox
CMD ["a\"b", "\u0041", "tab\there", "slash\/"]
