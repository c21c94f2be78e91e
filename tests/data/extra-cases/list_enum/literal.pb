#



BLUE
	

RED



BLUE