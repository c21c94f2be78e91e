
/
MalformedCommandmissing option --inputs 