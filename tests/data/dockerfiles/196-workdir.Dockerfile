FROM busybox
WORKDIR /app
WORKDIR sub dir
WORKDIR $HOME/x
