FROM busybox
onbuild run echo lower
OnBuild Workdir /x
