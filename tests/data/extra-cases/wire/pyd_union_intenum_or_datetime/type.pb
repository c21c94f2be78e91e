	2Ë
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
©

propertiesš*—
ž
at—*”
q
additionalPropertiesY*W
U
anyOfL2J
*

$ref#/$defs/Level
+*)

format	date-time

typestring

titleAt

typeobject
t
levelk*i
U
anyOfL2J
*

$ref#/$defs/Level
+*)

format	date-time

typestring

titleLevel

required2
level
at

title	PLevels

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer