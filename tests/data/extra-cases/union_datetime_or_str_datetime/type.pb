R
Z

datetime
	Z
str