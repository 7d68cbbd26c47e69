# escape=`
FROM busybox
RUN echo a `
    b `
    c
ENV PATH=C:\tools;C:\bin `
    HOME=C:\Users\me
