

‚¡x¥label¡pmsgpack