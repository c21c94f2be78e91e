
*
d%


s3://bucket/dir/"dirhash
7
df1
'B%
s3://bucket/df.parquet
	parquet"dfhash