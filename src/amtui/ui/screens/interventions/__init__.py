"""The bank of interventions and how well each one works."""
