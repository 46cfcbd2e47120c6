"""The class grid: a class's pupils against a stage's criteria, marked one keystroke each."""
