
ú÷
ëƒ¤scan„¤pathÙ$s3://bucket/uploads/8f14e45fceea167a¤name«receipt.pdf¦format£pdf¤hash«sha256:77af¥pages„¤path·s3://bucket/scans/2024/¤name­receipt-pages¦format ¤hashÀ¥plain„¤path½s3://bucket/uploads/notes.txt¤name©notes.txt¦format ¤hashÀmsgpack