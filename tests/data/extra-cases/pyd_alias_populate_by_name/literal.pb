
'%
‚©user_name£neo©max_countmsgpack