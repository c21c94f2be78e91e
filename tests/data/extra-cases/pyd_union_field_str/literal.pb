

Ç¢id£hex•sides¿msgpack