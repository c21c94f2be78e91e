
B@
5ƒ¤name£Ann§address‚¦street©Main St 1£zip¤1234¤tags‘¡xmsgpack