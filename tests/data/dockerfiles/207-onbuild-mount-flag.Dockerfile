FROM busybox
ONBUILD RUN --mount=type=cache,target=/c --network=none make
