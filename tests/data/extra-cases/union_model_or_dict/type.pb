Rã
µ	2◊
ì

propertiesÑ*Å
@
at:*8

format	date-time

titleAt

typestring
=
day6*4

formatdate

titleDay

typestring

required2
day
at

titleModel

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer
Q	J?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ

Typed Dict