"""The real program in a real terminal: tmux at 80x24, keys in, screen text out."""

from __future__ import annotations

import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0


def load_small_school():
    """The Pilot tests' school builder (tests/ui is not a package)."""
    spec = importlib.util.spec_from_file_location("small_school", REPO / "tests" / "ui" / "small_school.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Terminal:
    """One tmux server of our own (its own socket), one 80x24 window."""

    def __init__(self, command: str, env: dict[str, str]):
        self.socket = f"amtui-e2e-{os.getpid()}"
        self.env = env
        self.tmux("new-session", "-d", "-s", "amtui", "-x", "80", "-y", "24", command)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              env=self.env, check=True)
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "amtui")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "amtui", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "amtui", "-l", text)

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the screen until every text is on it; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout}s for {texts!r}; the screen shows:\n{shown}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env)


@pytest.fixture
def school_file(tmp_path) -> Path:
    made = load_small_school().build(tmp_path / "school.db")
    made.opened.db.close()
    return tmp_path / "school.db"


@pytest.fixture
def terminal(school_file, tmp_path):
    env = {**os.environ, "LOGNAME": "tester", "USER": "tester", "PYTHONPATH": str(REPO / "src"),
           "TERM": "xterm-256color", "HOME": str(tmp_path)}
    command = (f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m amtui "
               f"--db {shlex.quote(str(school_file))}; echo AMTUI-EXIT=$?; sleep 30")
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
    assert "A100000000001" in found and "SEN EAL" in found and "Zoey" not in found

    terminal.keys("Enter")
    summary = terminal.wait_for("UPN A100000000001", "Not achieving")
    assert "Mentor: Tess Tester" in summary
    assert "14/30" in summary and "2D mid" in summary and "A Above" in summary
    assert "3/30" in summary and "2E low" in summary and "B Not achieving" in summary

    terminal.keys("Escape")
    terminal.wait_for("1 found")
    terminal.keys("Escape")
    terminal.wait_for("My classes")
    terminal.keys("q")
    terminal.wait_for("AMTUI-EXIT=0")
