# escape=`
FROM busybox
ENV A=b` c D="e`"f"
LABEL x=y` z
