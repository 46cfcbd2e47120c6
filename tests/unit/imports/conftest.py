import pytest

from imports.builders import seed_school


@pytest.fixture
def school(opened, tmp_path):
    """A seeded school; the value is the folder to write import files in."""
    seed_school(tmp_path)
    return tmp_path
