# check=skip=JSONArgsRecommended
FROM busybox
CMD echo x
