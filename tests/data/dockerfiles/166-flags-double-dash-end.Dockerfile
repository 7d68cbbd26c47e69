FROM busybox
RUN --network=none -- --not-a-flag
RUN -- echo x
RUN --
