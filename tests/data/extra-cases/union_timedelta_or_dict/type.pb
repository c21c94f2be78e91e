Rd
Z
	timedelta
Q	J?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ

Typed Dict