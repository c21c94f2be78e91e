

only