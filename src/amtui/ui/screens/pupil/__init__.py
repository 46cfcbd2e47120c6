"""A pupil: the finder and the pupil's page with its tabs."""
