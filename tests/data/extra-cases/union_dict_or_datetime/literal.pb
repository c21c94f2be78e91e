
 J



*ò†îÓZ

datetime