# SyNtAx=docker/dockerfile:1
# eScApE=`
FROM busybox
COPY c:\src d:\dst
