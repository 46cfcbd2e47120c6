"""The README's secondary demo in a real terminal at 80x24: built and opened with its one
command, then the demo user's Maths set on the class grid; no traceback, nothing wider
than the terminal."""

from __future__ import annotations

from tmux import Terminal, amtui_command, terminal_env

BUILD_TIMEOUT = 180.0  # the build is ~20 s alone; the machine is shared


def test_the_secondary_demo_opens_and_the_users_set_shows_on_the_grid(tmp_path):
    db = tmp_path / "hope-academy.db"
    term = Terminal(amtui_command(db, "demo", "--secondary"), terminal_env(tmp_path))
    try:
        # Built the first time, it says where the school is and waits for Enter before opening.
        said = term.wait_until(lambda s: "Press Enter" in s or "Traceback" in s or "AMTUI-EXIT" in s,
                               "where the demo school is", timeout=BUILD_TIMEOUT)
        assert "hope-academy.db" in said.replace("\n", "")
        term.keys("Enter")
        home = term.wait_until(lambda s: ("Hope Academy" in s and "Press Enter" not in s) or "Traceback" in s
                               or "AMTUI-EXIT" in s, "the secondary demo's home screen")
        assert "Traceback" not in home and "AMTUI-EXIT" not in home
        assert all(len(line) <= 80 for line in home.splitlines())
    finally:
        term.close()
    term = Terminal(amtui_command(db, "grid", "8X/Ma2", "Maths"), terminal_env(tmp_path))
    try:
        grid = term.wait_until(lambda s: ("8X/Ma2" in s and "Ma" in s and "/1" in s) or "Traceback" in s
                               or "AMTUI-EXIT" in s, "the set's class grid")
        assert "Traceback" not in grid and "AMTUI-EXIT" not in grid
        assert all(len(line) <= 80 for line in grid.splitlines())
    finally:
        term.close()
