
'J%


behind the pointer	Z
str