FROM busybox
COPY --chmod=0755 --chown=app:app <<-"EOF" /usr/local/bin/run
	#!/bin/sh
	exec "$@"
	EOF
