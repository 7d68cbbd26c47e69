from debian:12
run apt-get update
copy . /src
cmd ["bash"]
