FROM busybox
RUN 9<<-X cat <&9
	nine
	X
