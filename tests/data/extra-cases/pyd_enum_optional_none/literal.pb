
75
*Ñ¶status¶ACTIVE•level§HIGHßhistoryê•maybe¿msgpack