"""Every main screen in the terminals staff really use, at 80x24: NO_COLOR, 16 colours,
the Linux console's 8 and a vt100. No traceback, and the meaning still in letters and
symbols (colour only ever repeats it)."""

from __future__ import annotations

import re
import time

import pytest
import screens_school
from tmux import Terminal, amtui_command, terminal_env

TERMINALS = {
    "no-color": "export NO_COLOR=1",
    "xterm-16color": "export TERM=xterm-16color",
    "linux": "export TERM=linux",
    "vt100": "export TERM=vt100",
}

# screen: (command line, login, texts that show it is up, letters/symbols that carry meaning)
SCREENS = {
    "home": ((), "tester", ("My classes", "My mentees"), ("* due this half-term", "67% (2/3)")),
    "class grid": (("grid", "4B", "Reading"), "tester", ("4B · Reading", "Secured"),
                   ("20 2Sm A", " X  X", " /", "! gap")),
    "weekly": (("weekly", "4B"), "tester", ("Weekly tests", "Entered 0 of 5"), ("__", "0-9 Score")),
    "half-term tests": (("halfterm", "4B"), "tester", ("HT", "test", "Full marks"), ("0/10", "2m")),
    "attitude": (("attitude", "4B"), "tester", ("Att %", "G/Y/R"), ("0/0/0", "g y r rate")),
    "big write": (("bigwrite", "4B"), "tester", ("Big Write · 4B", "A day at the sea"), ("n New piece",)),
    "pupil": (("pupil", "X011000000001"), "tester", ("Zoë O'Neill · 4B", "Attain"),
              ("2Dm A", "B Not achieving", "◆")),
    "meeting": (("meeting", "X011000000001"), "tester", ("1. Preparation",), ("[x]", "[ ]")),
    "mentees": (("meetings",), "tester", ("Your mentees: 3", "Zoë O'Neill"), ("* 18 Dec",)),
    "monitor": (("monitor",), "head", ("1 Mentors", "Tess Tester"), ("Overdue",)),
}


# Keys that repaint without saving (the school is shared by every case): the cursor and a
# block selection, drawn by the grids' own styles, then Esc to drop the selection.
MOVES = ("Down", "Right", "S-Right", "S-Down", "Escape")
GRIDS = {"class grid", "half-term tests", "attitude"}


GREYS = {0, 7, 8, 15, 16, 231, *range(232, 256)}  # the 256-colour palette's greys, black and white


def colours_allowed(setting: str, painted: str) -> bool:
    """The colours on screen are the terminal's: 16 at most, or greys only under NO_COLOR."""
    codes = ";".join(re.findall(r"\x1b\[([0-9;]*)m", painted))
    if setting == "no-color":
        return all(int(n) in GREYS for n in re.findall(r"[34]8;5;(\d+)", codes)) and "8;2;" not in codes
    return "8;5;" not in codes and "8;2;" not in codes


@pytest.fixture(scope="session")
def school_for_screens(tmp_path_factory):
    """One school for every case: each only reads it."""
    return screens_school.build(tmp_path_factory.mktemp("screens") / "school.db")


@pytest.mark.parametrize("setting", list(TERMINALS))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_reads_in_terminal(screen, setting, school_for_screens, tmp_path):
    args, login, up, meaning = SCREENS[screen]
    command = f"unset COLORTERM; {TERMINALS[setting]}; {amtui_command(school_for_screens, *args)}"
    term = Terminal(command, terminal_env(tmp_path, login))
    try:
        expected = (*up, *meaning)
        shown = term.wait_until(lambda s: all(t in s for t in expected) or "Traceback" in s or "AMTUI-EXIT" in s,
                                f"{screen} to show {expected} under {setting}")
        assert "Traceback" not in shown and "AMTUI-EXIT" not in shown, shown
        if screen in GRIDS:
            for key in MOVES:
                term.keys(key)
            time.sleep(0.5)
            shown = term.wait_until(lambda s: all(t in s for t in up) or "Traceback" in s, f"{screen} after keys")
            assert "Traceback" not in shown and "AMTUI-EXIT" not in shown, shown
        assert all(len(line) <= 80 for line in shown.splitlines())
        assert colours_allowed(setting, term.tmux("capture-pane", "-e", "-p", "-t", "amtui"))
    finally:
        term.close()
