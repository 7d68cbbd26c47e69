FROM busybox
COPY ["src file", "/dst dir/"]
ADD --chown=1:1 ["a", "/b"]
