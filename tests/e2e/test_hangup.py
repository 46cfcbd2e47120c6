"""The SSH link drops mid-lesson: the mark just typed is saved and amtui leaves, without
spinning on a terminal that is gone (a pseudo-terminal here, as sshd gives one)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
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


def amtui_processes(db: Path) -> list[int]:
    """Pids of amtui processes still open on ``db``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"amtui" in words and str(db).encode() in words:
            found.append(int(entry.name))
    return found


def where_stuck(pid: int) -> dict[str, str]:
    """Each thread of a process left behind: its name, state and where the kernel holds it."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            name = (task / "comm").read_text().strip()
            state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
            found[f"{task.name} {name}"] = f"{state} {(task / 'wchan').read_text().strip()}"
        except OSError:
            continue
    return found


def test_a_terminal_closed_under_amtui_leaves_no_process_behind(school_file, tmp_path):
    """tmux's kill-server, like sshd on a dropped link, hangs the terminal up mid-drawing:
    Textual's writer thread died on the first failed write and amtui then waited for ever
    to finish closing, holding its database connection."""
    from tmux import Terminal, amtui_command, terminal_env

    before = marks(school_file)
    term = Terminal(amtui_command(school_file, "grid", "4B", "Reading"), terminal_env(tmp_path))
    try:
        term.wait_for("Secured")
        term.type("x/.")
        term.wait_until(lambda shown: marks(school_file) == before + 3, "the marks to be saved")
        term.type("x")  # and one more, drawn while the terminal goes
    finally:
        term.close()
    deadline = time.monotonic() + 15
    while amtui_processes(school_file) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = amtui_processes(school_file)
    seen = {pid: where_stuck(pid) for pid in left}  # said before the kill, for whoever reads a failure
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], seen



def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").glob("*")))


def test_a_continue_signal_without_a_suspend_changes_nothing(school_file, monkeypatch):
    """A hangup brings SIGCONT with SIGHUP. Textual resumed on every SIGCONT, inside the
    signal handler: a new writer and input thread each time, and, landing in the middle of
    a write, a wait for ever on the terminal's lock. Here a burst of them arrives while marks
    are typed and drawn: amtui goes on, saves every mark and still leaves on the hangup."""
    before = marks(school_file)
    session = grid_session(school_file, monkeypatch)
    try:
        os.write(session.master, b"x")
        deadline = time.monotonic() + 15
        while marks(school_file) < before + 1 and time.monotonic() < deadline:
            session.read_for(0.1)
        settled = threads(session.process.pid)  # the save's thread started too
        for key in b"/.x" * 10:
            os.write(session.master, bytes([key]))
            for _ in range(20):
                os.kill(session.process.pid, signal.SIGCONT)
            session.read_for(0.01)
        deadline = time.monotonic() + 15
        while marks(school_file) < before + 31 and time.monotonic() < deadline:
            session.read_for(0.1)
        assert marks(school_file) == before + 31
        assert threads(session.process.pid) <= settled  # no writer or input thread more (one may have ended idle)
        os.killpg(session.process.pid, signal.SIGHUP)
        assert session.process.wait(timeout=15) == 0
    finally:
        session.close()


def cpu_burners(count: int) -> list[subprocess.Popen]:
    """Processes that spin on the CPU, as other people's sessions do on a busy server."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


BURST = b"x/.x/.x/"


def test_a_burst_typed_and_a_hangup_at_once_saves_every_mark_under_load(school_file, tmp_path, monkeypatch):
    """The link drops the moment a quick teacher's last keys reach the terminal: every key
    already typed is read, handled and its save made before amtui leaves, however busy the
    machine (keys read but still on their way were cut off by the exit: 1 of 3 saved)."""
    burners = cpu_burners(3)
    try:
        for attempt in range(4):
            db = tmp_path / f"attempt{attempt}.db"
            shutil.copy(school_file, db)
            before = marks(db)
            session = grid_session(db, monkeypatch)
            try:
                os.write(session.master, BURST)
                os.killpg(session.process.pid, signal.SIGHUP)  # at once, the keys unread
                assert session.process.wait(timeout=30) == 0
            finally:
                session.close()
            assert marks(db) == before + len(BURST), f"attempt {attempt}: {marks(db) - before} of {len(BURST)}"
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
