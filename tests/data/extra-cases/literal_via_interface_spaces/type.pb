:
x-ray
	gamma ray
ÄÖ