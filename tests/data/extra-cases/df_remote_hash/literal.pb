
&B$
s3://bucket/tables/h/
	parquet"df-h-1