
?J=

	
GREEN.:
RED
GREEN
BLUEZ
DefaultEnumTransformer