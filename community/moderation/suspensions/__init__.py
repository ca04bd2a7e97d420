"""Suspensions: a site admin suspends a member's account, with a statement of reasons."""
