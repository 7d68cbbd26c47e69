# escape=`
FROM busybox
WORKDIR C:\
COPY a.txt C:\dir\
