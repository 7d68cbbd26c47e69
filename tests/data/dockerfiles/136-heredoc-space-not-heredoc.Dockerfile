FROM busybox
RUN cat << EOF
