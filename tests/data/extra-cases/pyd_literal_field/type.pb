	2’
ç

properties*}
0
level'*%

titleLevel

type	integer
I
modeA*?

enum2
fast
slow

titleMode

typestring

required2
mode
level

titlePMode

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer