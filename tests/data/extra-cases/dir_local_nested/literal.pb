
*(

 /tmp/flyte-golden-extra/src/tree