"""Members: pseudonyms, passwords, log-in, consent, password reset."""
