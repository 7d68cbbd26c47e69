FROM busybox
MY-INSTR x
