22
0
python_class_name<class 'decimal.Decimal'>R4
*
PythonPickleZ
FlytePickle
Z
FlytePickle