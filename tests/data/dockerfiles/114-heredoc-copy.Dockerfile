FROM busybox
COPY <<EOF /etc/app.conf
key=value
EOF
