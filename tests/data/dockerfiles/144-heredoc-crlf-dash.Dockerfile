FROM busybox
RUN <<-EOF
	echo x
	EOF
