FROM busybox
FOO bar baz
NOTREAL
