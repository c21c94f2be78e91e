":
LOW
MID
HIGH