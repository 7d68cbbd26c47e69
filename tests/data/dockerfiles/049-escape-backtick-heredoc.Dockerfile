# escape=`
FROM busybox
RUN <<EOF
echo C:\path `
EOF
