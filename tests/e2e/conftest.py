"""Real-terminal tests: each drives `python -m amtui` in tmux at 80x24 (see tmux.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tmux import load_small_school


NO_TMUX = {"test_sshd.py", "test_shared_backups.py", "test_cups.py", "test_warm.py"}  # ssh, accounts, CUPS: no tmux


def pytest_collection_modifyitems(items):
    """Every test here but the deployment's needs tmux; without it they are skipped with the reason."""
    if shutil.which("tmux") is None:
        skip = pytest.mark.skip(reason="tmux is not installed")
        for item in items:
            if "/tests/e2e/" in str(item.fspath) and item.fspath.basename not in NO_TMUX:
                item.add_marker(skip)
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def school_file(tmp_path) -> Path:
    """The Pilot tests' small school, in a file the program opens (tests may extend it)."""
    made = load_small_school().build(tmp_path / "school.db")
    made.opened.db.close()
    return tmp_path / "school.db"
