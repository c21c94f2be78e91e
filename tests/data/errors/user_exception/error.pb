
&

ValueErrorxs must not be empty 