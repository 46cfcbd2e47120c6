"""`amtui weekly CLASS` in a real terminal at 80x24: type a week's scores, read the screen and the file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from tmux import Terminal, amtui_command, line_of, load_small_school, terminal_env


@pytest.fixture
def school_file(tmp_path) -> Path:
    """The small school with 4B at Level 2 since four weeks ago (the real clock's weeks)."""
    from amtui.db.connection import write
    from amtui.db.models import Pupil, SchoolClass, WeeklyLevel

    made = load_small_school().build(tmp_path / "school.db")
    started = dt.date.today() - dt.timedelta(weeks=4)

    def levels() -> None:
        for pupil in Pupil.select().join(SchoolClass).where(SchoolClass.name == "4B", Pupil.left_on.is_null()):
            WeeklyLevel.create(pupil=pupil, level="Level 2", started_on=started)

    write(levels)
    made.opened.db.close()
    return tmp_path / "school.db"


def scores(db: Path) -> dict[str, int | None]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT p.forename, r.score FROM weekly_result r JOIN pupil p "
                                 "ON p.id = r.pupil_id JOIN school_class c ON c.id = p.school_class_id "
                                 "WHERE c.name = '4B'").fetchall())


def test_weekly_scores_in_a_real_terminal(school_file, tmp_path):
    term = Terminal(amtui_command(school_file, "weekly", "4B"), terminal_env(tmp_path))
    try:
        screen = term.wait_for("4B · Weekly tests · week of", "Zoë O'Neill", "Entered 0 of 5")
        assert "Traceback" not in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.type("23")  # Adam: 23 moves on by itself
        term.type("a")  # Bella absent
        term.type("26")  # Callum: refused
        shown = term.wait_for("26 is more than 25", "Entered 2 of 5")
        callum = line_of(shown, "Callum Cole")
        assert "__" in callum
        term.type("7")  # Callum 7: on to Dara
        term.type("2")
        term.keys("Enter")  # Dara 2 needs Enter
        term.type("19")  # Zoë
        shown = term.wait_for("Entered 5 of 5")
        lines = {line.split()[0]: line for line in shown.splitlines() if line[:1].isalpha()}
        assert "23 G" in lines["Adam"] and "abs" in lines["Bella"] and "7 R" in lines["Callum"]
        assert "2 R" in lines["Dara"] and "19 Y" in lines["Zoë"]
        term.keys("Escape")
        term.wait_for("My classes")
        term.keys("q")
        term.wait_for("AMTUI-EXIT=0")
    finally:
        term.close()
    assert scores(school_file) == {"Adam": 23, "Bella": None, "Callum": 7, "Dara": 2, "Zoë": 19}


def test_weekly_with_an_unknown_class_says_so_and_exits_1(school_file, tmp_path):
    term = Terminal(amtui_command(school_file, "weekly", "9Z"), terminal_env(tmp_path))
    try:
        shown = term.wait_for("AMTUI-EXIT=1")
        assert "There is no class '9Z' this year (classes: 4B, 6R)" in shown
    finally:
        term.close()
