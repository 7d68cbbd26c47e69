# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
COPY C:\build\app.exe C:\app\
WORKDIR C:\app
RUN New-Item -ItemType Directory -Path C:\data ; `
    Write-Host done
ENTRYPOINT ["C:\\app\\app.exe"]
