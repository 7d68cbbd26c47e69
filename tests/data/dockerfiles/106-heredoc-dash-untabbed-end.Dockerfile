FROM busybox
RUN <<-EOT
	line
EOT
