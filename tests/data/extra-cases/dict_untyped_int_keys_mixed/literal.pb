

ƒ¡aş’Í,¡xÀmsgpack