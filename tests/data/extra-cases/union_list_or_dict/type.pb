R(
Z

Typed List
"Z

Typed Dict