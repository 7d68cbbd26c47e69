FROM busybox
ENV PATH /usr/local/bin:$PATH
ENV GREETING hello   big   world
