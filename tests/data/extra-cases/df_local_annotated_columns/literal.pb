
_B]
</tmp/flyte-golden-extra/raw/5657223fdcd1810e103fd834e89a1b1c


k

vparquet