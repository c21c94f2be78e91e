
L
J
dE
C	J?
=
;
cache-key-metadata%*#
!
serialization-format	msgpack


o0
