FROM busybox
COPY --chown="app user" --from="stage one" a b
