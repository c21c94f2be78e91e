
J


2ZZ
	timedelta