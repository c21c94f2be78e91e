
'%
ƒ¦item_0À¦item_1¡x¦item_2Âmsgpack