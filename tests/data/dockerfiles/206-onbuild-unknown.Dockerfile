FROM busybox
ONBUILD FOO bar
