	2œ
_
$defsV*T
R
StatusH*F

enum2
ACTIVE
	ON_HOLD

titleStatus

typestring
ô

propertieså*â
l
daye*c
Q
anyOfH2F
*

$ref#/$defs/Status
&*$

formatdate

typestring

titleDay
r
statush*f
Q
anyOfH2F
*

$ref#/$defs/Status
&*$

formatdate

typestring

titleStatus

required2
day
status

titlePDay

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer