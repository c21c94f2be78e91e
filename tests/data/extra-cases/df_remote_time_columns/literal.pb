
GBE
gs://bucket/t23
1

ts
	
dur

ok

xparquet