FROM busybox
ONBUILD RUN echo build
ONBUILD COPY --from=busybox /bin/sh /sh
ONBUILD ADD . /src
ONBUILD ENV A=1 B=2
ONBUILD CMD ["a", "b"]
ONBUILD HEALTHCHECK --interval=1s CMD true
ONBUILD LABEL x=y
ONBUILD EXPOSE 80
