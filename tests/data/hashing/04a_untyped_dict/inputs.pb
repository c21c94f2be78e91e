
$
d

‚¡b¢aa‚¡z¡y’msgpack