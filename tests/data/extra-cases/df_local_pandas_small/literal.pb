
MBK
</tmp/flyte-golden-extra/raw/fb4246874cec91db342a8e7d97cad754
	parquet