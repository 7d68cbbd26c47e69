FROM python:3.12
RUN <<EOF python3
import sys

def main() -> None:
    print(sys.version)

main()
EOF
