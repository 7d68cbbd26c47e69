FROM busybox
HEALTHCHECK cmd curl -f http://x/
