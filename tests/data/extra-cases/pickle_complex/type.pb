2*
(
python_class_name<class 'complex'>R4
*
PythonPickleZ
FlytePickle
Z
FlytePickle