"""The SSH link drops while the database's drive is full (a real tmpfs): the mark typed is
kept in the person's journal on the server's own disk, and the next start saves it and
says so."""

from __future__ import annotations

import importlib.util
import os
import pwd
import signal
import sqlite3

import pytest

from benchmarks.pty_session import PtySession
from tmux import REPO, load_small_school


def _real_drive():
    spec = importlib.util.spec_from_file_location("real_drive", REPO / "tests" / "ui" / "real_drive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def drive(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))
    made = _real_drive().RealDrive(tmp_path / "drive")
    made.mount()
    yield made
    made.unmount()


@pytest.fixture
def school_file(drive):
    """The small school on the drive; whoever runs the tests is SLT in it (amtui knows the
    person by the operating system's account)."""
    made = load_small_school().build(drive.folder / "school.db")
    from amtui.db.connection import write
    from amtui.db.models import Staff

    me = pwd.getpwuid(os.getuid()).pw_name
    write(lambda: Staff.get_or_create(username=me, defaults={"name": "Sam Senior", "roles": "slt"}))
    made.opened.db.close()
    return drive.folder / "school.db"


def marks(db) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]


@pytest.mark.parametrize("drop", ["SIGHUP", "terminal gone"])
def test_a_dropped_link_with_the_drive_full_journals_the_mark_and_the_next_start_saves_it(
        school_file, drive, tmp_path, drop):
    before = marks(school_file)
    session = PtySession(school_file, "grid", "4B", "Reading")
    try:
        session.wait_for(b"Secured")
        session.read_for(0.3)
        drive.fill()
        os.write(session.master, b".")
        session.wait_for(b"Not saved yet")
        if drop == "SIGHUP":
            os.killpg(session.process.pid, signal.SIGHUP)  # what sshd sends when the link drops
        else:
            os.close(session.master)  # gone without a SIGHUP: amtui notices within 3 s
        assert session.process.wait(timeout=20) == 0
    finally:
        if drop == "SIGHUP":
            session.close()
        elif session.process.poll() is None:
            session.process.kill()
    journals = list((tmp_path / "state" / "amtui" / "journal").glob("*.jsonl"))
    assert len(journals) == 1 and journals[0].stat().st_mode & 0o777 == 0o600
    assert '"kind": "mark.set"' in journals[0].read_text()
    assert marks(school_file) == before

    drive.free()
    session = PtySession(school_file, "grid", "4B", "Reading")
    try:
        session.wait_for(b"Saved 1 entry")  # told, on the first screen
        assert marks(school_file) == before + 1
        os.write(session.master, b"q")
        assert session.process.wait(timeout=20) == 0
    finally:
        session.close()
    assert not journals[0].exists()
