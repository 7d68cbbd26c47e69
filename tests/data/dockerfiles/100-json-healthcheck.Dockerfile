FROM busybox
HEALTHCHECK CMD ["wget", "-q", "-O-", "http://localhost/"]
