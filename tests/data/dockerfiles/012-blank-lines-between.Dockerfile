


FROM busybox



RUN true


