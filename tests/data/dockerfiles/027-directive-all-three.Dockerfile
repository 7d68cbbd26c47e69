# syntax=docker/dockerfile:1
# escape=`
# check=skip=all
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
RUN echo one `
    two
