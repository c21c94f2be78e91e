

	¦item_0ÿmsgpack