"""The settings and staff screens in a real terminal at 80x24, reached from the command
palette: a change typed there lands in the database; every line fits; no traceback."""

from __future__ import annotations

import sqlite3
import time

import pytest
from tmux import Terminal, amtui_command, terminal_env


@pytest.fixture
def office(school_file, tmp_path):
    """amtui on the small school as 'office', its admin and SLT."""
    from amtui.db.connection import Target, write
    from amtui.db.models import Staff
    from amtui.db.startup import open_database

    opened = open_database(Target(str(school_file)))
    write(lambda: Staff.create(username="office", name="Olly Office", roles="slt;admin"))
    opened.db.close()
    term = Terminal(amtui_command(school_file), terminal_env(tmp_path, "office"))
    term.wait_for("My classes", "Go to")
    yield term, school_file
    term.close()


def open_from_palette(term: Terminal, title: str, *shown: str) -> str:
    term.open_from_palette(title)
    return term.wait_for(*shown)


def fits(screen: str) -> bool:
    return "Traceback" not in screen and all(len(line) <= 80 for line in screen.splitlines())


def test_settings_screen_changes_a_threshold(office):
    term, db = office
    screen = open_from_palette(term, "Settings", "target_steps", "weekly_green_min", "Default")
    assert fits(screen)
    term.keys("Down")  # from the school's name to target_steps
    term.wait_for("Steps above the baseline sub-stage")
    term.keys("e")
    term.wait_for("Value:")
    time.sleep(0.3)  # the dialog is drawn a moment before its field has the focus
    term.keys("C-a", "C-k")
    term.wait_until(lambda shown: "Value:   3" not in shown, "the field cleared")
    term.type("4")
    term.wait_for("Value:   4")
    term.keys("Enter")
    screen = term.wait_for("* 4", "1 changed from the default")
    assert fits(screen)
    term.keys("q")
    term.wait_for("AMTUI-EXIT=0")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM school_setting WHERE key = 'target_steps'").fetchone() == ("4",)
    conn.close()


def test_staff_screen_marks_a_leaver(office):
    term, db = office
    screen = open_from_palette(term, "Staff", "Tess Tester", "Classes today", "4B")
    assert fits(screen)
    for _ in range(3):  # Hana Head, Jo Smith, Olly Office, Tess Tester
        term.keys("Down")
    term.keys("l")
    term.wait_for("Tess Tester leaves")
    time.sleep(0.3)
    term.keys("Enter")
    screen = term.wait_for("3 active, 1 left")
    assert fits(screen) and "left " in screen
    term.keys("q")
    term.wait_for("AMTUI-EXIT=0")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT active FROM staff WHERE username = 'tester'").fetchone() == (0,)
    conn.close()
