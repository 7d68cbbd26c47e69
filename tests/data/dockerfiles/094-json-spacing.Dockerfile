FROM busybox
CMD   [   "a"  ,	"b"  ]   
