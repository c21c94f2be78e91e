
HF
;„¦status§on-hold¥level
§history’¦active¦closed¨by_level¡xmsgpack