"""Run amtui in a pseudo-terminal of a given size and watch every byte it sends.

This is what a slow SSH link carries: the bytes written to the terminal.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path


class PtySession:
    """``amtui --db DB ARGS...`` in an 80x24 pseudo-terminal (by default)."""

    def __init__(self, db: Path | None, *args: str, size: tuple[int, int] = (80, 24), login: str | None = None,
                 environ: dict[str, str] | None = None, command: list[str] | None = None,
                 size_in_environment: bool = True):
        """``login``: the staff login to play (through ``login_shim``); without it amtui acts
        for the user running the benchmark. ``environ``: the environment (default: this one).
        ``command``: the program to run instead of amtui (``db`` and ``args`` then unused);
        ``size_in_environment``: also say the size in COLUMNS and LINES (sshd does not)."""
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**(os.environ if environ is None else environ), "TERM": "xterm-256color"}
        if size_in_environment:
            env.update(COLUMNS=str(size[0]), LINES=str(size[1]))
        if login:  # amtui asks the OS who is at the keyboard; the shim plays this login
            from benchmarks.login_shim import login_env

            env = login_env(login, env)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "amtui", "--db", str(db), *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()

    def read_for(self, seconds: float) -> bytes:
        """Everything sent in the next ``seconds``."""
        got = bytearray()
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    got += os.read(self.master, 65536)
                except OSError:
                    break
        self.output += got
        return bytes(got)

    def wait_for(self, text: bytes, timeout: float = 30.0) -> float:
        """Seconds from start until ``text`` has been sent."""
        deadline = time.perf_counter() + timeout
        while text not in self.output:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{text!r} never appeared")
            self.read_for(0.01)
        return time.perf_counter() - self.started

    def wait_until(self, check: Callable[[], bool], what: str, timeout: float = 90.0) -> None:
        """Wait for ``check()`` (a save seen in the database), reading what the program sends
        meanwhile, as a terminal does. Unread, its output fills the pseudo-terminal's buffer
        in a few dozen kilobytes and the program stops at its next write, keys unhandled:
        typed ahead, the last of a class's marks were then never made."""
        deadline = time.perf_counter() + timeout
        while not check():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{what}: not done after {timeout:.0f} s")
            self.read_for(0.2)

    def keystroke(self, key: bytes, quiet: float = 0.15) -> tuple[float, int]:
        """Send a key; (seconds to the first byte back, bytes sent until quiet)."""
        sent = time.perf_counter()
        os.write(self.master, key)
        first = None
        total = 0
        while True:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                break
            chunk = os.read(self.master, 65536)
            first = first or time.perf_counter()
            total += len(chunk)
            self.output += chunk
        return ((first or time.perf_counter()) - sent), total

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far (user + system)."""
        return self.cpu_seconds_of(self.process.pid)

    @staticmethod
    def cpu_seconds_of(pid: int) -> float:
        """CPU time the process ``pid`` has used so far (user + system)."""
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """The program's resident memory, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass  # closed already: the test hung the terminal up
