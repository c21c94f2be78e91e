
31


json%gs://bucket/dir with space/ünï.json