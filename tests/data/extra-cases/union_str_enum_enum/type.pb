R;
	Z
str
.:
RED
GREEN
BLUEZ
DefaultEnumTransformer