	2·
X
$defsO*M
K
LevelB*@

enum2
LOW
HIGH

titleLevel

type	integer
–

properties‡*„
]
ratioT*R
>
anyOf523
*

typenumber
*

$ref#/$defs/Level

titleRatio
¢
when™*–
q
additionalPropertiesY*W
U
anyOfL2J
+*)

format	date-time

typestring
*

$ref#/$defs/Level

titleWhen

typeobject

required2
ratio
when

titlePNum

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer