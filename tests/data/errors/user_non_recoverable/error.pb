
-
NonRecoverableErrorxs must not be empty 