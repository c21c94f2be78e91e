	2ß
`
$defsW*U
S
ColorJ*H
"
enum2
RED
GREEN
BLUE

titleColor

typestring
‘

properties‚*ÿ
H
item_0>*<

format	date-time

titleItem 0

typestring
%
item_1*

$ref#/$defs/Color
G
item_2=*;

format
duration

titleItem 2

typestring
C
item_39*7

formatdate

titleItem 3

typestring
6
required*2(
item_0
item_1
item_2
item_3

titleTupleWrapper_tuple

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer