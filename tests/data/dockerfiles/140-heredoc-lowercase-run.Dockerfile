FROM busybox
run <<eof
echo lower
eof
