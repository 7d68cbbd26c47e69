FROM busybox
RUN apk add --no-cache \
      curl \
      git \
      jq
