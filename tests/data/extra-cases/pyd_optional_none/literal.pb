
.,
!„¥owner ¥items¦by_sku€¨featuredÀmsgpack