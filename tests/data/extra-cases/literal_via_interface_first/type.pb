:
only