	2‘
D

properties6*4
2
item_0(*&

titleItem 0

type	integer

required2

item_0

titleTupleWrapper_tuple

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer