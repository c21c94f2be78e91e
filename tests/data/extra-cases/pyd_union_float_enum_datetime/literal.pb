

‚¥ratio¤when¡bmsgpack