FROM busybox
LABEL description="Grüße, 世界"
RUN echo 'ünïcödé'
