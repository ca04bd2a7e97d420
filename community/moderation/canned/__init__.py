"""A space's prepared texts for refusals and edit requests, and the log of their changes."""
