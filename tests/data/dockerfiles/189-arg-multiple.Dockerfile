FROM busybox
ARG A B=2 C="three"
ARG D
