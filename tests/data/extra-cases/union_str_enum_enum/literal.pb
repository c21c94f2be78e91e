
>J<



BLUE.:
RED
GREEN
BLUEZ
DefaultEnumTransformer