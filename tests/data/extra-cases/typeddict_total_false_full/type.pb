	2…
¬

properties*š
(
a#*!

titleA

type	integer
'
b"* 

titleB

typestring
E
c@*>

items*

typenumber

titleC

typearray

required2
a
b
c
#
titleTypedDictWrapper_Partial

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer