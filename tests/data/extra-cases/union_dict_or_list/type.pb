Rg
Q	J?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ

Typed Dict
Z

Typed List