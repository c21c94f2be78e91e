	2¥
Å
$defs»*¸
R
LevelI*G
 
enum2
LOW
MID
HIGH

titleLevel

type	integer
ƒ
PStepz*x
8

properties**(
&
status*

$ref#/$defs/Status

required2

status

titlePStep

typeobject
\
StatusR*P
)
enum!2
ACTIVE
	ON_HOLD
CLOSED

titleStatus

typestring
ù

propertiesê*ç
i
by_name^*\
4
additionalProperties*

$ref#/$defs/Status

title	By Name

typeobject
L
currentA*?
=
anyOf422
*

$ref#/$defs/Status
*

typenull
V
levelsL*J
$
items*

$ref#/$defs/Level

titleLevels

typearray
T
stepsK*I
$
items*

$ref#/$defs/PStep

titleSteps

typearray
7
required+2)
	current
levels
	by_name
steps

title	PWorkflow

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer