"""Self data: a member's private, encrypted vault, and anonymized data cards linked to posts."""
