"""Associations, disease spaces, threads and posts."""
