	2Ù
÷

propertiesè*å
W
item_0M*K
6
anyOf-2+
*

type	integer
*

typenull

titleItem 0
V
item_1L*J
5
anyOf,2*
*

typestring
*

typenull

titleItem 1
2
item_2(*&

titleItem 2

type	boolean
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