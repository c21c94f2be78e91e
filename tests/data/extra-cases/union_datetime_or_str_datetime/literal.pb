
 J



*Ž‰ƒëZ

datetime