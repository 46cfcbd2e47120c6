"""The real program in a real terminal: tmux at 80x24, keys in, screen text out."""

from __future__ import annotations


import pytest
from tmux import Terminal, amtui_command, terminal_env


@pytest.fixture
def terminal(school_file, tmp_path):
    env = terminal_env(tmp_path)
    command = amtui_command(school_file)
    term = Terminal(command, env)
    yield term
    term.close()


def test_home_find_a_pupil_open_summary_and_quit(terminal):
    home = terminal.wait_for("Oakfield Primary", "Tess Tester", "My classes", "Weekly promotions due")
    assert "4B" in home and "Adam Ash" in home and "Callum Cole" in home
    assert "Reading    67% (2/3)" in home
    assert "Traceback" not in home

    terminal.keys("f")
    terminal.wait_for("Part of a name")
    terminal.type("zoe")
    found = terminal.wait_for("Zoë O'Neill", "1 found")
    assert "X011000000001" in found and "SEN K EAL" in found and "Zoey" not in found

    terminal.keys("Enter")
    summary = terminal.wait_for("UPN X011000000001", "Not achieving", "14 of 30 crosses")
    assert "Mentor: Tess Tester" in summary
    # The pupil's page: "2Dm A" is St 2 Developing, mid, Above the expected line.
    assert "2Dm A" in summary and "A Above" in summary and "14 of 30 crosses" in summary
    assert "2El B" in summary and "B Not achieving" in summary

    terminal.keys("Escape")
    terminal.wait_for("1 found")
    terminal.keys("Escape")
    terminal.wait_for("My classes")
    terminal.keys("q")
    terminal.wait_for("AMTUI-EXIT=0")
