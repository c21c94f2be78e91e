
$"


parquetgs://bucket/parts