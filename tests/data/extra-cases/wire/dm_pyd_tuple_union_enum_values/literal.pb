
[Y
N…¤pair’§waiting¦either§done-ok¥level¤item‚¥stage§done-ok¤prio¥stage§WAITINGmsgpack