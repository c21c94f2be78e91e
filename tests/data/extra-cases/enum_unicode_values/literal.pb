

BETA