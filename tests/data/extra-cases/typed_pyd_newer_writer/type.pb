	2®
i
$defs`*^
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
Ü

propertiesÍ*Ê
=
loyalty_tier-*+

titleLoyalty Tier

typestring
-
name%*#

titleName

typestring
&
status*

$ref#/$defs/Status
2
visits(*&

titleVisits

type	integer
:
required.2,
name
visits
status
loyalty_tier

title	PCustomer

typeobjectJ?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ
Pydantic Transformer