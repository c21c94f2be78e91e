R
Z

datetime

Z
date