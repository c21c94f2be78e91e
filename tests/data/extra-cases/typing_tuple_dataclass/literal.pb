
*(
‚¦item_0¦item_1‚¡a¥label¢inmsgpack