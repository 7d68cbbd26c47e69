FROM busybox
ADD <<EOF /greeting
hello
EOF
