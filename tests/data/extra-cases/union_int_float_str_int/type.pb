R#
	Z
int
Z
float
	Z
str