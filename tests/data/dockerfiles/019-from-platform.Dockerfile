FROM --platform=linux/amd64 alpine AS a
FROM --platform=$BUILDPLATFORM golang:1.22 AS b
FROM --platform="linux/arm64" busybox
