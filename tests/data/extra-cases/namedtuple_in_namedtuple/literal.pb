

‚¤name¡t¤span’msgpack