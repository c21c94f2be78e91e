

‚£net¥gross*msgpack