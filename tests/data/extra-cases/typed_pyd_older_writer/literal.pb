


Å§name£Adamsgpack