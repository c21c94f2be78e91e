
ûJø
>
<:
/‚£dayª2145-05-14¢at»1984-01-13T13:12:06.000001Zmsgpackµ	2×
“

properties„*
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