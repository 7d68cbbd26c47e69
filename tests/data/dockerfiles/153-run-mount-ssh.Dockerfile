FROM alpine
RUN --mount=type=ssh,id=default git clone git@example.org:a/b.git
