FROM busybox
COPY --link=false a b
