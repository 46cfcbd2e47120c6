"""The trust view in a real terminal at 80x24: opened from the palette on one school's demo
(its one row), a subject chosen, the school's monitoring opened and left; no traceback,
nothing wider than the terminal."""

from __future__ import annotations

from tmux import Terminal, amtui_command, terminal_env

from tests import leaders_demo
from tests.leaders_demo import SLT

built = leaders_demo.built  # the shared demo school's fixture


def test_open_the_trust_view_choose_a_subject_and_open_the_schools_monitoring(built, tmp_path):
    term = Terminal(amtui_command(built), terminal_env(tmp_path, SLT))
    try:
        term.wait_for("My classes")
        term.open_from_palette("Trust view")
        shown = term.wait_until(lambda s: "1 school ·" in s or "Traceback" in s, "the trust view")
        assert "Traceback" not in shown
        assert all(len(line) <= 80 for line in shown.splitlines())
        header = next(line for line in shown.splitlines() if line.strip().startswith("School"))
        assert header.split() == ["School", "Pupils", "Above", "On", "Nearly", "Not", "Mtgs", "Widest", "gap", "As", "of"]
        row = shown.splitlines()[shown.splitlines().index(header) + 1]
        assert row.count("%") == 4 and "/" in row, row  # four shares and meetings held/due
        assert "HT2" in shown  # the highlighted school in words, below
        term.keys("s")
        chosen = term.wait_until(lambda s: "every year · " in s and "every subject" not in s, "one subject")
        assert all(len(line) <= 80 for line in chosen.splitlines())
        term.keys("Enter")
        monitoring = term.wait_until(lambda s: "Mentees" in s or "Traceback" in s, "the school's monitoring")
        assert "Traceback" not in monitoring
        term.keys("Escape")
        back = term.wait_until(lambda s: "1 school ·" in s or "Traceback" in s, "back to the trust view")
        assert "Traceback" not in back and "AMTUI-EXIT" not in back
    finally:
        term.close()
