
ŒJ‰


¡b’¡x¡ymsgpackí	2
W

propertiesI*G
E
b@*>

items*

typestring

titleB

typearray

required2
b

titlePB

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer