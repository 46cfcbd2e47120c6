"""The leaders' screen in a real terminal at 80x24 (the Linux console, and NO_COLOR): opened
from the palette, a cell's pupils listed, one of them opened; no traceback, nothing wider
than the terminal, and the figures in letters and numbers."""

from __future__ import annotations

import re

import pytest
from tmux import Terminal, amtui_command, terminal_env

from tests import leaders_demo
from tests.leaders_demo import SLT

built = leaders_demo.built  # the shared demo school's fixture

TERMINALS = {"linux": "export TERM=linux", "no-color": "export NO_COLOR=1"}


@pytest.mark.parametrize("setting", list(TERMINALS))
def test_open_the_leaders_screen_and_drill_down_to_a_pupil(setting, built, tmp_path):
    command = f"unset COLORTERM; {TERMINALS[setting]}; {amtui_command(built)}"
    term = Terminal(command, terminal_env(tmp_path, SLT))
    try:
        term.wait_for("My classes")
        term.open_from_palette("Leaders' analysis")
        shown = term.wait_until(lambda s: "by Pupil premium" in s or "Traceback" in s, "the leaders' screen")
        assert "Traceback" not in shown
        row = next(line for line in shown.splitlines() if line.strip().startswith("Pupil premium"))
        assert re.search(r"A \d+\s+O \d+\s+N \d+\s+B \d+", row), row  # letters and numbers, not colour only
        assert "2026-27 HT1" in shown and "%" in shown
        assert all(len(line) <= 80 for line in shown.splitlines())
        term.keys("Right", "Right", "Enter")  # past the group's n: the pupil premium pupils who are Above
        # The list's footer can be drawn before its rows are read: wait for a pupil's row.
        listed = term.wait_until(lambda s: "A Above" in s or "Traceback" in s, "the cell's pupils")
        assert "Pupil premium, Above" in listed and "Traceback" not in listed
        first = next(line for line in listed.splitlines() if "A Above" in line)
        name = re.split(r"\s{2,}| \(", first.strip())[0]  # the first column: "Forename Surname (Class)"
        term.keys("Enter")
        page = term.wait_until(lambda s: ("Attain" in s and name in s) or "Traceback" in s, f"the page of {name!r}")
        assert "Traceback" not in page and "AMTUI-EXIT" not in page
    finally:
        term.close()
