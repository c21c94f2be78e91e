B(

id

tags

scores"