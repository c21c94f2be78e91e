	2»
ó

propertiesä*á
“
day‹*ˆ
v
anyOfm2k
+*)

format	date-time

typestring
&*$

formatdate

typestring
*

typestring

titleDay
È
stamp¾*»
”
additionalProperties|*z
x
anyOfo2m
+*)

format	date-time

typestring
(*&

formatbinary

typestring
*

typestring

titleStamp

typeobject

required2
stamp
day

titlePTexts

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer