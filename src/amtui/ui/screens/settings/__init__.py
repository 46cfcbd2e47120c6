"""The school's settings and half-term dates (SLT and admin)."""
