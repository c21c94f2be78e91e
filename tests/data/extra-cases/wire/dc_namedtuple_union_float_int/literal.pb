

£num‘msgpack