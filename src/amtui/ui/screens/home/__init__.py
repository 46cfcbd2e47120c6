"""The home screen: your classes, your mentees, the school's figures, every screen."""
