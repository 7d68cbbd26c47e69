FROM nginx:1.27-alpine
COPY <<EOF /etc/nginx/conf.d/default.conf
server {
    listen 80;
    location / {
        root /usr/share/nginx/html;
    }
}
EOF
EXPOSE 80
STOPSIGNAL SIGQUIT
