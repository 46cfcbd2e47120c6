"""Keys typed far ahead of the screen, in a pseudo-terminal as sshd gives one: every one is
handled and saved, and the screen shows them all (the class grid, a key a mark)."""

from __future__ import annotations

import os

from grid_pty import crossed_rows, grid_session, screen_of
from tmux import line_of


def test_a_whole_grid_typed_in_one_burst_is_marked_cell_by_cell(school_file, monkeypatch):
    with grid_session(school_file, monkeypatch) as grid:
        session = grid.session
        start = len(session.output)
        os.write(session.master, b"x" * len(grid.wanted))  # the whole grid, far ahead of the screen
        session.wait_until(grid.all_crossed, "every cell marked", 120)
        session.read_for(0.5)
        assert session.process.poll() is None  # still there, for the next key
    screen = screen_of(bytes(session.output))
    shown = "\n".join(screen.display)
    assert "Traceback" not in shown and b"Not changed" not in session.output[start:]
    rows = crossed_rows(screen, grid)  # every pupil: all criteria crossed, each shown column an X
    assert line_of(shown, "Secured").split()[3:] == [str(len(grid.pupils))] * (len(rows[0][16:].split()) - 3)
