2,
*
python_class_name<class 'frozenset'>R4
*
PythonPickleZ
FlytePickle
Z
FlytePickle