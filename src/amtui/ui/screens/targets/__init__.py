"""Targets on screen for a secondary school: a teaching group's KS3 / KS4 and end-of-year targets."""
