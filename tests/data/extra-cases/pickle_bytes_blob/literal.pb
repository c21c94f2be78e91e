
sq


PythonPickle]/tmp/flyte-golden-extra/raw/6da74b88cdfa607594e4c9ac143ed717/2ca759e6bc6e95b0405ee4ce7c94d57a