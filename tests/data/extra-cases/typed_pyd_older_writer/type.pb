	2Å
?

properties1*/
-
name%*#

titleName

typestring

required
2
name
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