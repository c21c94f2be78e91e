
5
	Ünïcode$naïve → 日本語 ✓
second line 