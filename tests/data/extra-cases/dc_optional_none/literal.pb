
&$
É§name£Bobßaddress¿§tags¿msgpack