"""The real program in tmux at 80x24: ``amtui pupil zoe``, its tabs, a raised target, and
attitude entered for the class from the pupil's page."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from tmux import Terminal, amtui_command, line_of, terminal_env


@pytest.fixture
def pupil_terminal(school_file, tmp_path):
    term = Terminal(amtui_command(school_file, "pupil", "zoe"), terminal_env(tmp_path))
    yield term
    term.close()


def rows(school_file: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(school_file) as db:
        return db.execute(sql).fetchall()


def saved(school_file: Path, sql: str, row: tuple, within: float = 5.0) -> bool:
    """Whether ``row`` is among what ``sql`` reads within ``within`` seconds: a typed entry is
    drawn first and saved just after, on its own thread."""
    deadline = time.monotonic() + within
    while row not in rows(school_file, sql):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_pupil_page_tabs_target_and_attitude(pupil_terminal, school_file):
    term = pupil_terminal
    page = term.wait_for("Zoë O'Neill", "UPN X011000000001", "A Above", "B Not achieving", "Reading now")
    assert "Attain Sheet Targets Weekly BigW Attitude Interv Rewards Meetings Audit Groups" in page
    assert "2Dm A" in page and "Reading now: St 2 Developing (mid)" in page and "target" in page
    assert "Traceback" not in page

    term.keys("2")
    sheet = term.wait_for("Reading, stage 2: 30 criteria", "Crosses (X)")
    assert "Sub-stage" in sheet and "2Dm" in sheet

    term.keys("3")
    term.wait_for("Long-term target", "St 1 Securing")
    term.keys("+")
    term.wait_for("Raise the Reading target (now St 1 Securing)")
    time.sleep(0.3)  # the dialog's first field takes the focus once it is up
    term.keys("Enter")  # to the reason field: the letters straight after it land there
    term.type("Well ahead")
    term.keys("Enter")
    term.wait_for("raised from St 1 Securing to St 2 Ready")  # the change, newest first under the subjects
    assert rows(school_file, "select substage, reason from long_term_target order by id desc limit 1") == [
        ("St 2 Ready", "Well ahead")]

    term.keys("6")
    term.wait_for("Aspect", "Last yr")
    term.keys("e")
    grid = term.wait_for("Attitude · 4B · HT", "Zoë O'Neill")
    assert "Adam Ash" in grid  # opened on Zoë's row, with the class above her still in view
    term.type("97")
    term.keys("Enter")
    term.keys("g")  # punctuality, the next cell along
    term.wait_until(lambda shown: line_of(shown, "Zoë O'Neill").split()[2:5] == ["97", "G", "G"],
                    "Zoë's attendance 97 (G) and punctuality G")
    assert saved(school_file, "select aspect, rating, percent from attitude_record", ("attendance", "G", 97.0))
    term.keys("Escape")
    term.wait_for("Aspect", "Last yr")
    term.keys("r")
    shown = term.wait_for("97% G")
    assert "Traceback" not in shown
    term.keys("q")
    term.wait_for("AMTUI-EXIT=0")
