

‚¡a¥label¢inmsgpack