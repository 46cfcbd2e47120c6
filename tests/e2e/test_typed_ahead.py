"""Keys typed far ahead of the screen, in a pseudo-terminal as sshd gives one: every one is
handled and saved, and the screen shows them all (the class grid, a key a mark)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pyte

from benchmarks.pty_session import PtySession
from tmux import REPO, line_of


PUPILS = 12  # 360 keys: what the grid sends for them fills a pseudo-terminal's buffer several times


def grid_cells(db: Path) -> tuple[list[int], list[int]]:
    """4B's Reading grid, brought up to ``PUPILS`` pupils: its pupils and criteria, in order."""
    from amtui.db.connection import Target, write
    from amtui.db.models import Pupil, SchoolClass, Subject, WorkingStage
    from amtui.db.repo.class_grid import load_named
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database

    opened = open_database(Target(str(db)))
    try:
        data = load_named("4B", "Reading", dt.date.today(), None, None, identify("tester"))

        def top_up() -> None:
            school_class, subject = SchoolClass.get(SchoolClass.name == "4B"), Subject.get(Subject.name == "Reading")
            for n in range(PUPILS - len(data.pupils)):
                pupil = Pupil.create(upn=f"Z{930000000000 + n}", forename="Typed", surname=f"Ahead{n:02d}",
                                     year_group=4, school_class=school_class, dob=dt.date(2017, 3, 1))
                WorkingStage.create(pupil=pupil, subject=subject, stage=data.bank_stage)

        write(top_up)
        data = load_named("4B", "Reading", dt.date.today(), None, None, identify("tester"))
    finally:
        opened.db.close()
    return [p.id for p in data.pupils], [c.id for c in data.criteria]


def crossed_since(db: Path, after: int) -> set[tuple[int, int]]:
    """The cells whose newest mark, made after mark ``after``, is a cross."""
    with sqlite3.connect(db) as conn:
        return {(pupil, criterion) for pupil, criterion, code in conn.execute(
            "SELECT pupil_id, criterion_id, code FROM criterion_mark WHERE id IN "
            "(SELECT MAX(id) FROM criterion_mark GROUP BY pupil_id, criterion_id) AND id > ?", (after,))
            if code == "X"}


def test_a_whole_grid_typed_in_one_burst_is_marked_cell_by_cell(school_file, monkeypatch):
    pupils, criteria = grid_cells(school_file)
    wanted = {(p, c) for p in pupils for c in criteria}
    with sqlite3.connect(school_file) as conn:
        before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM criterion_mark").fetchone()[0]
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))  # the source, as the tmux tests run it
    session = PtySession(school_file, "grid", "4B", "Reading", login="tester")
    try:
        session.wait_for(b"Secured")
        session.read_for(0.3)
        start = len(session.output)
        os.write(session.master, b"x" * len(wanted))  # the whole grid, far ahead of the screen
        session.wait_until(lambda: crossed_since(school_file, before) == wanted, "every cell marked", 120)
        session.read_for(0.5)
        assert session.process.poll() is None  # still there, for the next key
    finally:
        session.close()
    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(bytes(session.output))
    shown = "\n".join(screen.display)
    assert "Traceback" not in shown and b"Not changed" not in session.output[start:]
    assert screen.display[2].startswith(f"R2/{len(criteria)} ")  # the cursor went all the way, a key a cell
    rows = [line for line in screen.display if line.startswith(("Typed Ahead", "Adam Ash", "Zoë O'Neill"))]
    assert len(rows) == len(pupils)
    for row in rows:  # every pupil: all criteria crossed, each shown column an X
        name, figures = row[:16], row[16:].split()
        assert figures[0] == str(len(criteria)) and figures[3:] == ["X"] * (len(figures) - 3), row
    assert line_of(shown, "Secured").split()[3:] == [str(len(pupils))] * (len(rows[0][16:].split()) - 3)
