
_
InlineIOMaxBytesBreached?Input file at /tmp/in/inputs.pb exceeds max_bytes limit of 1024 