FROM busybox
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
