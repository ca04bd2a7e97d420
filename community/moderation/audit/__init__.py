"""The audit log: the decisions of a space read back, and kept when an account is deleted."""
