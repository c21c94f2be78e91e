
&J$


*–¼Åà
˜ŒëÜZ

datetime