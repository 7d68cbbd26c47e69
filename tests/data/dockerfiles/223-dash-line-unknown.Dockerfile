FROM busybox
--flag-looking line
