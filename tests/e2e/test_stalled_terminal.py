"""A terminal that stops reading (a frozen PuTTY window, a stalled link), in a real
pseudo-terminal: while nothing is read, every key typed is still handled and saved; once
the terminal reads again the screen is right, and amtui still answers."""

from __future__ import annotations

import fcntl
import os
import struct
import termios
import time

from grid_pty import crossed_rows, crossed_since, grid_session, screen_of

STALL_SECONDS = 4.0  # at least this long without reading a byte


def unread(master: int) -> int:
    """Bytes amtui has sent that the terminal has not read."""
    return struct.unpack("i", fcntl.ioctl(master, termios.FIONREAD, b"\0\0\0\0"))[0]


def test_keys_typed_while_the_terminal_does_not_read_are_saved_and_shown_once_it_reads(school_file, monkeypatch):
    with grid_session(school_file, monkeypatch) as grid:
        session = grid.session
        stalled = time.monotonic()
        for _ in grid.wanted:  # a key a cell, typed at a quick typist's pace; nothing read meanwhile
            os.write(session.master, b"x")
            time.sleep(0.01)
        deadline = time.monotonic() + 90
        while not grid.all_crossed():  # saved with the terminal still unread
            saved = len(crossed_since(school_file, grid.before))
            assert time.monotonic() < deadline, f"{saved} of {len(grid.wanted)} saved"
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
    assert "Traceback" not in "\n".join(screen_of(bytes(session.output)).display)
    # The screen as it was just before leaving: the last cell marked, every row full of crosses.
    before_leaving = session.output[:session.output.rfind(b"\x1b[?1049l")]  # before the terminal is given back
    crossed_rows(screen_of(bytes(before_leaving)), grid)
