

‚¤mode¤slow¥levelmsgpack