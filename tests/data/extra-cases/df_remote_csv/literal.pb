
B
s3://bucket/t.csv
csv