

KeyError	'weights' 