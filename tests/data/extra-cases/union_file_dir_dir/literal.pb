
3J1
"


s3://bucket/both/"u-h*Z
Dir