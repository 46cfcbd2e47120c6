"""Mentoring: a mentor's mentees, the meeting step by step, the progress meeting."""
