

¡v¢atª2062-11-25msgpack