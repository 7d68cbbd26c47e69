FROM busybox
RUN <<EOF
FROM evil
RUN rm -rf /
CMD ["x"]
# escape=`
EOF
RUN echo after
