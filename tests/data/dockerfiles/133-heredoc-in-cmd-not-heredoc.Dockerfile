FROM busybox
CMD <<EOF
