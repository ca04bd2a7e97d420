"""A space's policy: thresholds, watched words, trusted members, and its calibrated scores."""
