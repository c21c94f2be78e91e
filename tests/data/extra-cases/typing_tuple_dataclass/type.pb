	2‘
Ì
$defsÂ*¿
¼
Inner²*¯
k

properties]*[
(
a#*!

titleA

type	integer
/
label&*$

titleLabel

typestring

required2
a
label

titleInner

typeobject
k

properties]*[
2
item_0(*&

titleItem 0

type	integer
%
item_1*

$ref#/$defs/Inner
"
required2
item_0
item_1

titleTupleWrapper_Tuple

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer