FROM busybox
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --chown=0:0 --chmod=755 --link https://example.org/tool.tar.gz /opt/
ADD --keep-git-dir=true https://github.com/example/repo.git#main /src
ADD --exclude=*.md --exclude=docs ./ /app/
