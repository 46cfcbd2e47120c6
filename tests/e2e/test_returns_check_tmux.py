"""The head of department's check in a real terminal at 80x24: one projected grade approved,
one queried back with a note; then the teacher's return screen opens on the queried pupil
with the note, and their new grade clears the query. Screens and the file read back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tmux import Terminal, amtui_command, line_of, terminal_env


@pytest.fixture
def returned_file(tmp_path) -> Path:
    """Maths 11A/Ma1's grades returned by its teacher: Amy Ash 6, Ben Birch 3."""
    from amtui.db.connection import Target
    from amtui.db.models import Pupil
    from amtui.db.repo import returns
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database
    from tests.returns_school import TODAY, Y11, open_now, seed_returns_school, subject_id

    opened = open_database(Target(str(tmp_path / "school.db")), create=True)
    seed_returns_school(tmp_path)
    now = open_now("Y11 Now", 11)
    for upn, grade in ((Y11[0], "6"), (Y11[1], "3")):
        returns.save_return(identify("maths1"), now.id, Pupil.get(Pupil.upn == upn).id, subject_id("Maths"),
                            returns.Entry(projected=grade), TODAY)
    opened.db.close()
    return tmp_path / "school.db"


def stored(db: Path) -> dict[str, tuple]:
    with sqlite3.connect(db) as conn:
        return {name: (projected, query, checked) for name, projected, query, checked in conn.execute(
            "SELECT p.forename, r.projected, r.query, s.username FROM progress_return r "
            "JOIN pupil p ON p.id = r.pupil_id LEFT JOIN staff s ON s.id = r.checked_by_id")}


def test_the_hod_approves_one_grade_and_queries_another_back_to_the_teacher(returned_file, tmp_path):
    term = Terminal(amtui_command(returned_file, "returns", "check"), terminal_env(tmp_path, "hodm"))
    try:
        shown = term.wait_for("Y11 Now · Maths · 2 to check of 4", "Amy Ash", "Ben Birch")
        assert "Traceback" not in shown and all(len(line) <= 80 for line in shown.splitlines())
        term.type("y")  # Amy's 6 approved
        term.wait_for("1 grade approved")
        term.keys("Down")
        term.type("q")
        term.wait_for("Query")
        term.type("Mocks say 5")
        term.keys("Enter")
        term.wait_for("went back to the teacher")
        term.wait_until(lambda _: stored(returned_file) == {"Amy": ("6", "", "hodm"), "Ben": ("3", "Mocks say 5", None)},
                        "the check saved")
    finally:
        term.close()
    term = Terminal(amtui_command(returned_file, "returns"), terminal_env(tmp_path, "maths1"))
    try:
        shown = term.wait_for("11A/Ma1 Maths", "QUERIED - Mocks say 5")
        assert "QUERY" in line_of(shown, "Ben Birch") and "Traceback" not in shown
        term.type("5")  # the cursor stands on Ben: his new grade answers the query
        term.wait_until(lambda _: stored(returned_file)["Ben"][:2] == ("5", ""), "the answer saved")
        shown = term.wait_until(lambda s: "QUERY" not in line_of(s, "Ben Birch"), "the query gone from Ben's row")
        assert line_of(shown, "Ben Birch").split()[2:3] == ["5"]
    finally:
        term.close()
