"""Scoring citeqa against a hand-written question set: `citeqa eval`."""
