
MBK
</tmp/flyte-golden-extra/raw/ad61b2d3963b1a2c788048a1721f6895
	parquet