27
5
python_class_name <class 'interop_pyobjs.Money'>R4
*
PythonPickleZ
FlytePickle
Z
FlytePickle