

‚¡v£123¡w¡amsgpack