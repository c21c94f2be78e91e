
31


json%/tmp/flyte-golden-extra/src/data.json