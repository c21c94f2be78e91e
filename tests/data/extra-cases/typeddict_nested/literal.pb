
TR
G„¢id¤tags‘‚£key¡k¦values’¢v1¢v2¤when´2022-02-22T22:22:22Z¥extra‚¡nÀ¡mmsgpack