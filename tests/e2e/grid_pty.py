"""4B's Reading grid in a pseudo-terminal, as sshd gives one, for the tests that type far
ahead of it: the grid brought up to ``PUPILS`` pupils, amtui opened on it, and what the
database and the screen show once every cell is crossed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyte

from benchmarks import bench_keys
from benchmarks.pty_session import PtySession
from tmux import REPO

PUPILS = 12  # 360 keys: what the grid sends for them fills a pseudo-terminal's buffer several times


def grid_cells(db: Path) -> tuple[list[int], list[int]]:
    """4B's Reading grid, brought up to ``PUPILS`` pupils: its pupils and criteria, in order."""
    return bench_keys.grid_cells(db, "tester", PUPILS, ("4B", "Reading"), ("Typed", "Ahead", 930000000000))


def crossed_since(db: Path, after: int) -> set[tuple[int, int]]:
    """The cells whose newest mark, made after mark ``after``, is a cross."""
    with sqlite3.connect(db) as conn:
        return {(pupil, criterion) for pupil, criterion, code in conn.execute(
            "SELECT pupil_id, criterion_id, code FROM criterion_mark WHERE id IN "
            "(SELECT MAX(id) FROM criterion_mark GROUP BY pupil_id, criterion_id) AND id > ?", (after,))
            if code == "X"}


@dataclass
class GridSession:
    """amtui on the grid, ready for keys: ``wanted`` is every cell, ``before`` the newest mark before any key."""

    session: PtySession
    db: Path
    pupils: list[int]
    criteria: list[int]
    before: int

    @property
    def wanted(self) -> set[tuple[int, int]]:
        return {(p, c) for p in self.pupils for c in self.criteria}

    def all_crossed(self) -> bool:
        return crossed_since(self.db, self.before) == self.wanted


@contextmanager
def grid_session(db: Path, monkeypatch) -> Iterator[GridSession]:
    """amtui run from the source (as the tmux tests run it) on 4B's Reading grid, its first
    screen read; closed after."""
    pupils, criteria = grid_cells(db)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM criterion_mark").fetchone()[0]
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))
    session = PtySession(db, "grid", "4B", "Reading", login="tester")
    try:
        session.wait_for(b"Secured")
        session.read_for(0.3)
        yield GridSession(session, db, pupils, criteria, before)
    finally:
        session.close()


def screen_of(output: bytes) -> pyte.Screen:
    """The 80x24 screen that ``output`` leaves."""
    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(output)
    return screen


def crossed_rows(screen: pyte.Screen, grid: GridSession) -> list[str]:
    """The grid's rows on ``screen``, each checked to show every criterion crossed and each shown column an X."""
    assert screen.display[2].startswith(f"R2/{len(grid.criteria)} "), screen.display[2]  # the cursor went all the way
    rows = [line for line in screen.display if line.startswith(("Typed Ahead", "Adam Ash", "Zoë O'Neill"))]
    assert len(rows) == len(grid.pupils), "\n".join(screen.display)
    for row in rows:
        figures = row[16:].split()
        assert figures[0] == str(len(grid.criteria)) and figures[3:] == ["X"] * (len(figures) - 3), row
    return rows
