"""The AMT's review in a real terminal at 80x24: opened from the palette, a pupil put onto
the programme with a mentor; no traceback, nothing wider than the terminal."""

from __future__ import annotations

from tmux import Terminal, amtui_command, terminal_env

from amtui.db.connection import Target
from amtui.db.models import ProgrammeMembership
from amtui.db.startup import open_database
from tests import programme_school as ps


def test_the_review_at_80x24_puts_a_pupil_on_the_programme(tmp_path):
    db = tmp_path / "school.db"
    made = ps.build(db)
    made.opened.db.close()
    term = Terminal(amtui_command(db), terminal_env(tmp_path, ps.AMT_LOGIN))
    try:
        term.wait_for("My classes")
        term.open_from_palette("AMT review")
        shown = term.wait_until(lambda s: "Pupils causing concern" in s or "Traceback" in s, "the review")
        assert "Traceback" not in shown
        assert "Eve Elm" in shown and "Year 9 causing concern" in shown and "Amy Ash" in shown
        assert "Ben Birch" not in shown  # two subjects below is not a concern
        assert all(len(line) <= 80 for line in shown.splitlines())
        term.keys("Down", "Down", "p")
        term.wait_until(lambda s: "Mentor for Amy" in s or "Mentor for Ash" in s, "the mentor dialog")
        term.keys("Enter")
        after = term.wait_until(lambda s: "(2 undecided)" in s or "Traceback" in s, "the review again")
        assert "Traceback" not in after and "Mentor " in after
    finally:
        term.close()
    opened = open_database(Target(str(db)))
    try:
        row = ProgrammeMembership.get(ProgrammeMembership.pupil == made.pupils["Amy Ash"])
        assert (row.kind, row.join_reason) == ("programme", "3 subjects below target")
    finally:
        opened.db.close()
