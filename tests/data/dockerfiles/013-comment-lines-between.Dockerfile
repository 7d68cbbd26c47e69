# top
FROM busybox
# middle
  # indented comment
RUN true
#end
