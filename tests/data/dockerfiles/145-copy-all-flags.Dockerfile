FROM busybox AS src
FROM busybox
COPY --from=src --chown=1000:1000 --chmod=0644 --link --parents --exclude=*.tmp --exclude=.git ./a ./b /dst/
