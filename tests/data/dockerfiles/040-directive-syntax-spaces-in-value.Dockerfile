# syntax = some thing with spaces
FROM busybox
