# syntax=
FROM busybox
