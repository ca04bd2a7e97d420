"""The queue: what waits for a moderator, who is examining it, and the decisions taken there."""
