
!
‚¡aÿ¥label©offloadedmsgpack