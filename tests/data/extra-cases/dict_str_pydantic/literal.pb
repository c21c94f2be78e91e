H
"
one

‚£sku¡1£qtymsgpack
"
two

‚£sku¡2£qtymsgpack