	2­
m

properties_*]
[
dV*T
3
items**(

format
duration

typestring

titleD

typearray

required2
d

title
PDurations

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer