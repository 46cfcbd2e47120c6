"""Every main screen in the terminals staff really use, at 80x24: NO_COLOR, 16 colours,
the Linux console's 8 and a vt100. No traceback, and the meaning still in letters and
symbols (colour only ever repeats it). Screens with a command of their own are opened by it;
the rest as staff open them, from the palette by their title: the primary school's on the
small school, the secondary ones on the secondary demo (built once)."""

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

# screen: (command line, or the palette's title; login; texts that show it is up;
# letters/symbols that carry meaning)
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
    "progress meeting": ("Progress meeting", "head", ("Progress meeting HT", "Excelled"), ("2 need support",)),
    "interventions": ("Interventions", "tester", ("0 interventions", "Verdict"), ("n New",)),
    "audit trail": ("Audit trail", "head", ("When", "schema.create"), ("read-only",)),
    "settings": ("Settings", "head", ("Setting", "weekly_max"), ("(*)",)),
    "staff": ("Staff", "admin", ("Tess Tester", "Classes today"), ("4 active, 0 left", "teacher, mentor")),
    "leaders' analysis": ("Leaders' analysis", "head", ("by Pupil premium", "Gap"), ("A -", "too small")),
}

# The secondary demo's screens; a login is the first member of staff holding the role.
SECONDARY = {
    "progress return": ("Progress return", "you", ("Returned", "Projected"), ("esc Back", "? Keys", "__")),
    "check returns": ("Check returns", "you", ("to check of", "Projected"), ("y Approve",)),
    "missing returns": ("Missing returns", "you", ("Not yet returned", "Missing"), ("r Refresh",)),
    "AMT review": ("AMT review", "amt", ("Pupils causing concern", "Reason"), ("p Programme",)),
    "referrals": ("Referrals", "amt", ("Referrals you made", "Reason"), ("n Refer",)),
    "year and department": ("Year and department", "hoy", ("causing concern", "below target"), ("i Interview",)),
    "grade targets": ("Grade targets", "hoy", ("Targets ·", "KS3 target"), ("St ",)),
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


@pytest.fixture(scope="session")
def secondary_demo(tmp_path_factory):
    """The secondary demo (built once; each case only reads it) and who holds each role."""
    import sqlite3

    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from amtui.demo.secondary import build_secondary_demo

    path = tmp_path_factory.mktemp("secondary") / "school.db"
    opened = open_database(Target(str(path)), create=True)
    build_secondary_demo()
    opened.db.close()
    with sqlite3.connect(path) as conn:
        logins = {role: conn.execute("SELECT username FROM staff WHERE ';' || roles || ';' LIKE ? ORDER BY id",
                                     (f"%;{role};%",)).fetchone()[0] for role in ("amt", "hoy")}
        logins["you"] = conn.execute("SELECT username FROM staff WHERE name = 'You (demo)'").fetchone()[0]
    return path, logins


@pytest.mark.parametrize("setting", list(TERMINALS))
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_reads_in_terminal(screen, setting, school_for_screens, tmp_path):
    opened_by, login, up, meaning = SCREENS[screen]
    reads_in_terminal(school_for_screens, opened_by, login, screen, setting, up, meaning, tmp_path)


@pytest.mark.xdist_group("secondary-demo-terminals")  # one worker builds the demo once
@pytest.mark.parametrize("setting", list(TERMINALS))
@pytest.mark.parametrize("screen", list(SECONDARY))
def test_secondary_screen_reads_in_terminal(screen, setting, secondary_demo, tmp_path):
    path, logins = secondary_demo
    opened_by, role, up, meaning = SECONDARY[screen]
    reads_in_terminal(path, opened_by, logins[role], screen, setting, up, meaning, tmp_path)


def reads_in_terminal(db, opened_by: tuple[str, ...] | str, login: str, screen: str, setting: str,
                      up: tuple[str, ...], meaning: tuple[str, ...], tmp_path) -> None:
    args = () if isinstance(opened_by, str) else opened_by
    command = f"unset COLORTERM; {TERMINALS[setting]}; {amtui_command(db, *args)}"
    term = Terminal(command, terminal_env(tmp_path, login))
    try:
        if isinstance(opened_by, str):  # from the palette, by its title
            term.open_from_palette(opened_by)
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
