
°û
íÉ¶methodÉ•last4§1111¶booked¥2024-01-02T03:04:05Z•delay§PT3S®fallbackÅ•last4§2222ßhistoryíÅ•last4°3É•last4°4¶booked¥2020-02-29T00:00:00Z•delay§PT5Mmsgpack