FROM busybox
RUN --mount=type=bind,source=go.sum,target=go.sum,readonly go mod download
