"""Progress returns: the teacher's return screen, the head of department's check, chasing."""
