
^\
Q„¦item_0¹2024-01-01T12:00:00-05:00¦item_1¥GREEN¦item_2¨-PT1H30M¦item_3ª1999-01-01msgpack