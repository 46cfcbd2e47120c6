"""The SSH link drops mid-lesson: the mark just typed is saved and amtui leaves, without
spinning on a terminal that is gone (a pseudo-terminal here, as sshd gives one)."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

from benchmarks.pty_session import PtySession
from tmux import REPO


def marks(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]


def grid_session(db: Path, monkeypatch) -> PtySession:
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))  # the source, as the tmux tests run it
    session = PtySession(db, "grid", "4B", "Reading", login="tester")
    session.wait_for(b"Secured")
    session.read_for(0.3)
    return session


def test_a_terminal_that_vanishes_without_a_hangup_signal_closes_amtui(school_file, monkeypatch):
    before = marks(school_file)
    session = grid_session(school_file, monkeypatch)
    try:
        os.write(session.master, b"x")
        session.read_for(0.1)  # the mark is drawn
        os.close(session.master)  # gone, and no SIGHUP: this session has no controlling terminal
        assert session.process.wait(timeout=15) == 0  # not left spinning on end-of-file
    finally:
        if session.process.poll() is None:
            session.process.kill()
    assert marks(school_file) == before + 1


def test_a_hangup_signal_makes_the_saves_in_hand_then_closes(school_file, monkeypatch):
    before = marks(school_file)
    session = grid_session(school_file, monkeypatch)
    try:
        os.write(session.master, b"x/.")
        session.read_for(0.05)
        os.killpg(session.process.pid, signal.SIGHUP)  # what sshd sends when the link drops
        assert session.process.wait(timeout=15) == 0
    finally:
        session.close()
    assert marks(school_file) == before + 3
