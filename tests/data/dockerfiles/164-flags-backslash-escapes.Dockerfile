FROM busybox
COPY --from=x\ y a b
RUN --a="x\"y" --b='x\y' true
