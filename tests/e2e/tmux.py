"""Driving the real program in tmux at 80x24: shared by every real-terminal test."""

from __future__ import annotations

import importlib.util
import itertools
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0


def load_small_school():
    """The Pilot tests' school builder (tests/ui is not a package)."""
    if "small_school" in sys.modules:
        return sys.modules["small_school"]
    spec = importlib.util.spec_from_file_location("small_school", REPO / "tests" / "ui" / "small_school.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["small_school"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


_sockets = itertools.count()


class Terminal:
    """One tmux server of our own (its own socket), one 80x24 window."""

    def __init__(self, command: str, env: dict[str, str]):
        self.socket = f"amtui-e2e-{os.getpid()}-{next(_sockets)}"
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
        return self.wait_until(lambda shown: all(text in shown for text in texts), repr(texts), timeout)

    def wait_until(self, condition: Callable[[str], bool], what: str, timeout: float = TIMEOUT) -> str:
        """Poll the screen until ``condition(screen)`` holds; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if condition(shown):
                return shown
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout}s for {what}; the screen shows:\n{shown}")
            time.sleep(0.1)

    def open_from_palette(self, title: str) -> str:
        """Open a screen as staff do: Ctrl+P, its title typed, Enter once the palette lists it."""
        self.wait_until(lambda s: "^p palette" in s or "Traceback" in s, "the first screen")
        self.keys("C-p")
        self.wait_for("Search")
        self.type(title)
        self.wait_until(lambda s: s.count(title) >= 2, f"the palette to offer {title}")  # typed, and listed
        self.keys("Enter")
        return self.screen()

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env)


def line_of(screen: str, start: str) -> str:
    """The first line of the screen that starts with ``start`` ("" when there is none)."""
    return next((line for line in screen.splitlines() if line.startswith(start)), "")


def amtui_command(db: Path, *args: str) -> str:
    """The shell command that runs amtui on ``db`` and then shows its exit status."""
    words = " ".join(shlex.quote(a) for a in args)
    return (f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m amtui "
            f"--db {shlex.quote(str(db))} {words}; echo AMTUI-EXIT=$?; sleep 30")


def terminal_env(home: Path, login: str = "tester") -> dict[str, str]:
    """The environment of an SSH session of ``login``, with amtui's source on the path."""
    from benchmarks.login_shim import login_env  # amtui asks the OS; the shim plays ``login``

    return login_env(login, {**os.environ, "PYTHONPATH": str(REPO / "src"),
                             "TERM": "xterm-256color", "HOME": str(home)})
