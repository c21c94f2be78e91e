
 

s3://bucket/models/v1/"dir-h-1