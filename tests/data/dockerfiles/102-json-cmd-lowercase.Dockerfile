FROM busybox
cmd ["sh"]
