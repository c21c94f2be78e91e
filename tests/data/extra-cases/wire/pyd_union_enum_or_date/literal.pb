
+)
‚£dayª1935-03-18¦status¦activemsgpack