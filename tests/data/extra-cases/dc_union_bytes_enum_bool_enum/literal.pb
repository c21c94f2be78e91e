
1/
$‚£raw§on-hold¥flags’¥levelÃ¥level
msgpack