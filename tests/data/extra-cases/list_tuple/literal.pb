F
!

‚¦item_0¡a¦item_1msgpack
!

‚¦item_0¡b¦item_1þmsgpack