FROM busybox
COPY --chown='app user' a b
RUN --mount='type=cache,target=/x' true
