   FROM busybox
		RUN echo indented
  CMD echo x   
