FROM busybox
RUN ["sh", "-c", "echo json run"]
