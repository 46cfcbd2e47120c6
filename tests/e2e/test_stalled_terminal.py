"""A terminal that stops reading (a frozen PuTTY window, a stalled link), in a real
pseudo-terminal: while nothing is read, every key typed is still handled and saved; once
the terminal reads again the screen is right, and amtui still answers."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import struct
import termios
import time

import pyte

from benchmarks.pty_session import PtySession
from test_typed_ahead import crossed_since, grid_cells
from tmux import REPO

STALL_SECONDS = 4.0  # at least this long without reading a byte


def unread(master: int) -> int:
    """Bytes amtui has sent that the terminal has not read."""
    return struct.unpack("i", fcntl.ioctl(master, termios.FIONREAD, b"\0\0\0\0"))[0]


def test_keys_typed_while_the_terminal_does_not_read_are_saved_and_shown_once_it_reads(school_file, monkeypatch):
    pupils, criteria = grid_cells(school_file)
    wanted = {(p, c) for p in pupils for c in criteria}
    with sqlite3.connect(school_file) as conn:
        before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM criterion_mark").fetchone()[0]
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))  # the source, as the tmux tests run it
    session = PtySession(school_file, "grid", "4B", "Reading", login="tester")
    try:
        session.wait_for(b"Secured")
        session.read_for(0.3)
        stalled = time.monotonic()
        for _ in wanted:  # a key a cell, typed at a quick typist's pace; nothing read meanwhile
            os.write(session.master, b"x")
            time.sleep(0.01)
        deadline = time.monotonic() + 90
        while crossed_since(school_file, before) != wanted:  # saved with the terminal still unread
            assert time.monotonic() < deadline, f"{len(crossed_since(school_file, before))} of {len(wanted)} saved"
            time.sleep(0.2)
        backlog = unread(session.master)
        time.sleep(max(0.0, STALL_SECONDS - (time.monotonic() - stalled)))
        assert backlog > 2048, "the terminal's buffer never filled: the stall was not tested"
        session.read_for(3.0)  # the terminal reads again (the marks' redraws past 64 KB dropped, the
        # whole screen drawn again instead: some 24 KB read here, against 90 KB of redraws)
        os.write(session.master, b"q")  # and amtui still answers: every thread free, it leaves at once
        deadline = time.monotonic() + 20
        while session.process.poll() is None and time.monotonic() < deadline:
            session.read_for(0.1)
        assert session.process.poll() == 0
    finally:
        session.close()
    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(bytes(session.output))
    shown = "\n".join(screen.display)
    assert "Traceback" not in shown
    # The screen as it was just before leaving: the last cell marked, every row full of crosses.
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    stream.feed(bytes(session.output[:session.output.rfind(b"\x1b[?1049l")]))  # before the terminal is given back
    assert screen.display[2].startswith(f"R2/{len(criteria)} "), screen.display[2]
    rows = [line for line in screen.display if line.startswith(("Typed Ahead", "Adam Ash", "Zoë O'Neill"))]
    assert len(rows) == len(pupils), "\n".join(screen.display)
    for row in rows:
        figures = row[16:].split()
        assert figures[0] == str(len(criteria)) and figures[3:] == ["X"] * (len(figures) - 3), row
