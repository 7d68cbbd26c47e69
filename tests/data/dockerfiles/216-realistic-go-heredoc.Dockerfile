# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
WORKDIR /src
RUN --mount=type=bind,target=. --mount=type=cache,target=/go/pkg/mod <<EOF
set -e
CGO_ENABLED=0 go build -o /out/app .
EOF
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
