	2Ž
×
$defsÍ*Ê
I
PrioA*?

enum2
LOW
HIGH

titlePrio

type	integer
N
StageE*C

enum2
DONE
	WAITING

titleStage

typestring
¬
Step£* 
Z

propertiesL*J
"
prio*

$ref#/$defs/Prio
$
stage*

$ref#/$defs/Stage

required2
stage
prio

titleStep

typeobject
Z

propertiesL*J
$
stage*

$ref#/$defs/Stage
"
step*

$ref#/$defs/Step

required2
stage
step
#
titleTypedDictWrapper_JobDict

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer