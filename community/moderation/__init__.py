"""Pre-moderation: scoring, detectors, queue, decisions, audit."""
