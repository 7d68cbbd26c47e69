FROM busybox
RUN --=x echo
RUN --FOO=bar echo
COPY --unknown-flag=1 a b
