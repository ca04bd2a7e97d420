"""Pre-moderation: the model, scoring, the queue, reports, policy and the audit log."""
