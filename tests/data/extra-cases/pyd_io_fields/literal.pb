
°­
¡ƒ¥model„¤path°s3://bucket/m.pt¤name¤m.pt¦format¢pt¤hash£h-1¤data„¤path®s3://bucket/d/¤name¡d¦format ¤hashÀ¥maybe„¤path±s3://bucket/n.txt¤name¥n.txt¦format ¤hashÀmsgpack