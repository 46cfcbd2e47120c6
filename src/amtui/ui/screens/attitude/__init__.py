"""Attendance and G/Y/R attitude for a class and half-term."""
