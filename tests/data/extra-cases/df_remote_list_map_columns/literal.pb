
QBO
s3://bucket/tables/feat/3
1

id

tags

scores"parquet