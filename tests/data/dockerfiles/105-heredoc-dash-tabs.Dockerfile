FROM busybox
RUN <<-EOF
	echo tab
		echo two tabs
	EOF
