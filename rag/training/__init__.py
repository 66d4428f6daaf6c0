"""Training the answer scorer: labelled candidates from tuning data, a fitted model, thresholds."""
