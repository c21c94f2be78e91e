
 J



*¼¿ ±Z

datetime