

€msgpack