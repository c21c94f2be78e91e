	2Ì
î
$defsä*á
Ñ
TypedDictWrapper_TagsÍ*Á
è

propertiesÄ*~
+
key$*"

titleKey

typestring
O
valuesE*C

items*

typestring

titleValues

typearray

required2
key
values
 
titleTypedDictWrapper_Tags

typeobject
Ó

propertiesﬂ*‹
É
extraz*x
R
additionalProperties:*8
6
anyOf-2+
*

type	integer
*

typenull

titleExtra

typeobject
*
id$*"

titleId

type	integer
b
tagsZ*X
4
items+*)
'
$ref#/$defs/TypedDictWrapper_Tags

titleTags

typearray
D
when<*:

format	date-time

titleWhen

typestring
-
required!2
id
tags
when
extra
"
titleTypedDictWrapper_Record

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer