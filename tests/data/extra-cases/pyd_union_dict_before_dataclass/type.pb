	2í
¦
$defsœ*™
–
StampŒ*‰
M

properties?*=
;
at5*3

formatdate

titleAt

typestring

required2
at

titleStamp

typeobject
ƒ

propertiesu*s
q
vl*j
Z
anyOfQ2O
0*.

additionalProperties 

typeobject
*

$ref#/$defs/Stamp

titleV

required2
v

title
PDictFirst

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer