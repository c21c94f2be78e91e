r
=
;9
.„¥owner¡x¥items‘‚£sku¡i£qty¦by_sku€¨featuredÀmsgpack
1
/-
"„¥owner¡y¥items¦by_sku€¨featuredÀmsgpack