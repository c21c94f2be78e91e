	2Ë
¢

propertiesì*ê
m
vh*f
V
anyOfM2K
3*1

items*

type	integer

typearray
*

typestring

titleV
û
wò*ï
Ñ
anyOf{2y
2*0

items*

typestring

typearray
C*A
-
additionalProperties*

type	integer

typeobject

titleW

required2

v
w

title
PListOrStr

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer