"""Scoring: the detectors, the risk figure, and the worker's scoring of waiting posts."""
