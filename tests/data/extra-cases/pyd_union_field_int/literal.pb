

‚¢id¥sidesmsgpack