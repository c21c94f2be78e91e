
-+
 ƒ¤textªhÃ©llo âœ“¥empty ¥maybe¡msgpack