"""Notices of illegal content from anyone: the public form, its guards, the answers."""
