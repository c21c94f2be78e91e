
J
	

RED	Z
str