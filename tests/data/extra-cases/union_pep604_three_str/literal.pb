
J


s	Z
str