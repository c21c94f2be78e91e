	2†
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
Õ

propertiesÆ*Ã
"
prio*

$ref#/$defs/Prio
$
stage*

$ref#/$defs/Stage
S
stepsJ*H
#
items*

$ref#/$defs/Step

titleSteps

typearray
"
step*

$ref#/$defs/Step
0
required$2"
step
steps
stage
prio

titleJob

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer