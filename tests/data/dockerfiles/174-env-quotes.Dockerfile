FROM busybox
ENV A="x y" B='p q' C=plain
