FROM busybox
RUN --mount=type=secret,id=token,env=TOKEN,required=true echo ok
