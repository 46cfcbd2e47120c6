"""Weekly basic skills tests: this week's sheet, the class's year, a pupil's history."""
