	2ä
ò

propertiesã*à
F
aware=*;

format	date-time

titleAware
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
C
frac;*9

format
duration

titleFrac

typestring
C
long;*9

format
duration

titleLong

typestring
F
naive=*;

format	date-time

titleNaive

typestring
A
neg:*8

format
duration

titleNeg

typestring
B
utc;*9

format	date-time

titleUtc

typestring
E
required927
aware
naive
utc
day
neg
frac
long

title	PTimeline

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer