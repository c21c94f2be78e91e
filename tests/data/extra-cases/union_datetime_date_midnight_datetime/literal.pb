
 J



*€Â¯ðZ

datetime