FROM	busybox	AS	base
RUN	echo	a	b
ENV	KEY	value here
EXPOSE	80	443
