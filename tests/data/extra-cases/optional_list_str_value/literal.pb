
,J*



a


bZ

Typed List