	2Ú
ø

propertiesé*æ
P
item_0F*D

items*

type	integer

titleItem 0

typearray
_
item_1U*S
,
additionalProperties*

typenumber

titleItem 1

typeobject
1
item_2'*%

titleItem 2

typestring
,
required 2
item_0
item_1
item_2

titleTupleWrapper_tuple

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer