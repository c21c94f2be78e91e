!

a


HIGH

b	

LOW