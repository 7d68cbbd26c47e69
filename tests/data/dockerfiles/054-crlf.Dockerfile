FROM busybox
RUN echo a
CMD ["sh"]
