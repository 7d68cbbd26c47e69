# escape=`
FROM busybox
COPY --chown=a`b src dst
COPY --from=x` y z
