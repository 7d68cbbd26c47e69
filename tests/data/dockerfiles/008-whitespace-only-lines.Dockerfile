FROM busybox
   
	
  	  
RUN true
 
