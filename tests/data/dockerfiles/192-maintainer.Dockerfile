FROM busybox
MAINTAINER Jane Roe <jane@example.org>
