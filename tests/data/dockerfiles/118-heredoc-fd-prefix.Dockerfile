FROM busybox
RUN 3<<EOF cat <&3
from fd three
EOF
