¬	2Î
w

propertiesi*g
1
item_0'*%

titleItem 0

typestring
2
item_1(*&

titleItem 1

type	integer
"
required2
item_0
item_1

titleTupleWrapper_tuple

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer