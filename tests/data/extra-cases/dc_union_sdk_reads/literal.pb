
<:
/…£lagÂ¥words£abc¦digits£123¤keys¢f0¤pair’¡x¡ymsgpack