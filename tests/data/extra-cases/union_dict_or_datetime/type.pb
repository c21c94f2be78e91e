Rc
Q	J?
=
;
cache-key-metadata%*#
!
serialization-format	msgpackZ

Typed Dict
Z

datetime