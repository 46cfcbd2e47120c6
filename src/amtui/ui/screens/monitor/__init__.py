"""Monitoring for school leaders: meetings per mentor, status per class, what is missing."""
