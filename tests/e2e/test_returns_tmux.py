"""`amtui returns` in a real terminal at 80x24: a Year 11 Maths group's projected grades and
coursework typed, a key a grade; the screen and the file read back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tmux import Terminal, amtui_command, terminal_env


@pytest.fixture
def returns_file(tmp_path) -> Path:
    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from tests.returns_school import open_now, seed_returns_school

    opened = open_database(Target(str(tmp_path / "school.db")), create=True)
    seed_returns_school(tmp_path)
    open_now("Y11 Now", 11)
    opened.db.close()
    return tmp_path / "school.db"


def stored(db: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return {name: (projected, coursework) for name, projected, coursework in conn.execute(
            "SELECT p.forename, r.projected, r.coursework FROM progress_return r JOIN pupil p ON p.id = r.pupil_id")}


def test_a_year_11_return_in_a_real_terminal(returns_file, tmp_path):
    term = Terminal(amtui_command(returns_file, "returns"), terminal_env(tmp_path, "maths2"))
    try:
        screen = term.wait_for("Y11 Now · 11A/Ma2 Maths", "Cal Cedar", "Dee Dale", "Returned 0 of 2")
        assert "Traceback" not in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.type("6")  # Cal's overall: on to Dee by itself
        term.type("0")  # refused: there is no grade 0
        term.wait_for("grades go from 9 down to 1, then U")
        term.type("4")  # Dee's overall, then the coursework column from the top
        term.type("5u")  # Cal's and Dee's coursework
        term.wait_until(lambda _: stored(returns_file) == {"Cal": ("6", "5"), "Dee": ("4", "U")}, "the file saved")
        shown = term.wait_until(lambda text: "Returned 2 of 2" in text and " U" in text, "the grades drawn")
        cal = next(line for line in shown.splitlines() if "Cal Cedar" in line)
        dee = next(line for line in shown.splitlines() if "Dee Dale" in line)
        assert cal.split()[-2:] == ["6", "5"] and dee.split()[-2:] == ["4", "U"]
        term.keys("Escape")
    finally:
        term.close()
