
B@
5‚¥items’‚¨order_id¥label¡a‚¨order_id	¥label¡b¥totalmsgpack