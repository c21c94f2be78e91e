
,*
‚¤span’¤tags‚£key¡k¦values‘¡vmsgpack