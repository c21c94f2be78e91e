
š
„¥model„¤path¹s3://bucket/models/m.onnx¤name¦m.onnx¦format¤onnx¤hash­sha256:0a1b2c¤data„¤path¸s3://bucket/datasets/d1/¤name¢d1¦format ¤hash«dir-hash-42£log„¤path·gs://logs/run 1/out.log¤name§out.log¦format ¤hashÀ¥extra„¤path±s3://bucket/x.bin¤name¥x.bin¦format£bin¤hashÀmsgpack