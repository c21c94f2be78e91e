
/-

	
parquets3://bucket/data/train.parquet"sha256:deadbeef