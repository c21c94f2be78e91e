
áŞ
Òƒ¥table‚£uriµs3://bucket/tables/b/¦format§parquet¥files’„¤path®s3://bucket/f1¤name¢f1¦format ¤hash¢fh„¤path²s3://bucket/f2.csv¤name¦f2.csv¦format£csv¤hashÀ¤dirs¡d„¤path¯s3://bucket/dd/¤name¢dd¦format£csv¤hashÀmsgpack