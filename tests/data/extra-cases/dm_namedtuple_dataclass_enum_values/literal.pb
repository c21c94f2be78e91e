
31
&‚¥stage¤DONE¤step‚¥stage§waiting¤priomsgpack