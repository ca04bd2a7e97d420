"""Search: French full-text search over published posts, kept exact through an outbox."""
