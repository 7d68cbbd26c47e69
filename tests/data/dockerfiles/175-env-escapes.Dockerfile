FROM busybox
ENV A=x\ y B="z\"q" C\ D=e
