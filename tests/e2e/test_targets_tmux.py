"""Grade targets in a real terminal at 80x24: opened from the palette by a Maths teacher, their
Year 11 group's targets shown whole (the key stage in the column's title, pupils as Forename
Surname), an end-of-year target set from the KS4 one; the screen and the file read back; no
traceback, nothing wider than the terminal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tmux import Terminal, amtui_command, line_of, terminal_env


def year_targets(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as conn:
        found: dict[str, list[str]] = {}
        for name, label in conn.execute(
                "SELECT p.forename, t.substage FROM long_term_target t JOIN pupil p ON p.id = t.pupil_id "
                "WHERE t.kind = 'year' ORDER BY t.id"):
            found.setdefault(name, []).append(label)
        return found


def test_a_teacher_sets_a_year_11_target_at_80x24(tmp_path):
    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from tests.returns_school import seed_returns_school

    db = tmp_path / "school.db"
    opened = open_database(Target(str(db)), create=True)
    seed_returns_school(tmp_path)
    opened.db.close()
    term = Terminal(amtui_command(db), terminal_env(tmp_path, "maths1"))
    try:
        term.wait_for("Mo Maths")
        term.open_from_palette("Grade targets")
        shown = term.wait_until(lambda s: ("Targets · 10A/Ma1" in s and "Fay Fir" in s) or "Traceback" in s,
                                "the first group")
        assert "Traceback" not in shown and "Eve Elm" in shown and "Fay Fir" in shown
        term.keys("]")  # on to the Year 11 group
        shown = term.wait_for("Targets · 11A/Ma1 Maths · 2 pupils", "KS4 target", "Amy Ash", "Ben Birch")
        assert all(len(line) <= 80 for line in shown.splitlines())
        assert "(KS4)" not in shown and "Ash, Amy" not in shown
        assert line_of(shown, " Amy Ash").split()[2:] == ["-", "7", "-"]  # FFT, KS4 target, this year
        term.keys("t")  # offered her KS4 target, 7
        term.wait_for("Amy Ash: end of year target", "7 (a GCSE grade)")
        term.keys("Enter")
        term.wait_until(lambda _: year_targets(db).get("Amy") == ["7"], "the file saved")
        after = term.wait_until(lambda s: line_of(s, " Amy Ash").split()[2:] == ["-", "7", "7"], "the target drawn")
        assert "Traceback" not in after  # (what was done is said in a toast, gone by now on a busy machine)
        assert all(len(line) <= 80 for line in after.splitlines())
        term.keys("Escape")
    finally:
        term.close()
    assert year_targets(db) == {"Amy": ["7"]}
