

¡v‚¡1¢22msgpack