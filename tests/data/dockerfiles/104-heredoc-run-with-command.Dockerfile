FROM python:3.12
RUN python3 <<EOF
print('hi')
EOF
