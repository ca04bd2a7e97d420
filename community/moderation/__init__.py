"""Pre-moderation: the model, scoring, the queue, reports, appeals, policy and the audit log."""
