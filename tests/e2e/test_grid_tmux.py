"""`amtui grid CLASS SUBJECT` in a real terminal at 80x24: type codes, read the screen and the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tmux import Terminal, amtui_command, line_of, terminal_env

def newest_mark(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM criterion_mark").fetchone()[0]


def codes_for(db: Path, upn: str, after: int) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT c.ref, m.code FROM criterion_mark m JOIN criterion c ON c.id = m.criterion_id "
            "JOIN pupil p ON p.id = m.pupil_id WHERE p.upn = ? AND m.id > ? ORDER BY m.id",
            (upn, after),
        ).fetchall()


def test_grid_marks_in_a_real_terminal(school_file, tmp_path):
    before = newest_mark(school_file)
    term = Terminal(amtui_command(school_file, "grid", "4B", "Reading"), terminal_env(tmp_path))
    try:
        screen = term.wait_for("4B · Reading · St 2 bank", "Secured", "Zoë O'Neill")
        assert "R2/1  Reading stage 2 criterion 1" in screen
        assert "Traceback" not in screen
        for line in screen.splitlines():  # an 80x24 screen: nothing wider
            assert len(line) <= 80

        term.keys(".", "/")  # Adam Ash: R2/1 -> ., R2/2 -> /
        term.wait_for("R2/3  Reading stage 2 criterion 3")
        term.keys("d", "Down", "x")  # down the column: Zoë's R2/3 -> X
        shown = term.wait_for("down ↓")
        adam = line_of(shown, "Adam Ash")
        assert adam.split()[2] == "18"  # 20 crosses less the two just changed
        term.keys("Escape")
        term.wait_for("My classes")
        term.keys("q")
        term.wait_for("AMTUI-EXIT=0")
    finally:
        term.close()
    assert codes_for(school_file, "L011000000002", before) == [("R2/1", "."), ("R2/2", "/")]
    assert codes_for(school_file, "X011000000001", before) == [("R2/3", "X")]


def test_grid_with_an_unknown_class_says_so_and_exits_1(school_file, tmp_path):
    term = Terminal(amtui_command(school_file, "grid", "9Z", "Reading"), terminal_env(tmp_path))
    try:
        shown = term.wait_for("AMTUI-EXIT=1")
        assert "There is no class '9Z' this year (classes: 4B, 6R)" in shown
    finally:
        term.close()
