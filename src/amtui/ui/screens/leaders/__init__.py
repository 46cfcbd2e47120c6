"""Leaders' analysis: groups of pupils by subject and half-term, the gaps, the trend."""
