"""The school server's sessions, played without sudo or sshd (benchmarks and tests).

:class:`ServerPlay` writes a system config of the running user's naming them the service
account, the school's file and a socket folder (read through ``login_shim`` in place of
``/etc/amtui/config.toml``); :meth:`ServerPlay.warm_server` runs ``amtui-warm`` on it;
:meth:`ServerPlay.session` runs ``amtui-session`` in a pseudo-terminal as sshd and sudo
would (the request in ``SSH_ORIGINAL_COMMAND``, the person in ``SUDO_UID``, a clean
environment). Without a warm server running, the session starts amtui cold.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.login_shim import server_env
from benchmarks.pty_session import PtySession

BIN = Path(sys.executable).parent


class ServerPlay:
    """A school server's config, socket folder and home for the running user, in ``folder``."""

    def __init__(self, db: Path, folder: Path, pycache: Path | None = None) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        etc = folder / "etc"
        etc.mkdir(mode=0o755, exist_ok=True)
        self.socket = folder / "run" / "warm.sock"
        self.config = etc / "config.toml"
        login = pwd.getpwuid(os.getuid()).pw_name
        self.config.write_text(f'service_account = "{login}"\ndatabase = "{db}"\nwarm_socket = "{self.socket}"\n')
        self.config.chmod(0o644)
        base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "LANG": "C.UTF-8"}
        if os.environ.get("PYTHONPATH"):
            base["PYTHONPATH"] = os.environ["PYTHONPATH"]
        if pycache is not None:
            base["PYTHONPYCACHEPREFIX"] = str(pycache)
        self.env = server_env(self.config, base)

    def session_env(self, request: str | None, uid: int | None = None) -> dict[str, str]:
        """What sudo leaves ``amtui-session`` (for the person ``uid``, default: this user)."""
        env = {**self.env, "TERM": "xterm-256color", "SUDO_UID": str(os.getuid() if uid is None else uid)}
        if request is not None:
            env["SSH_ORIGINAL_COMMAND"] = request
        return env

    def session(self, request: str | None, size: tuple[int, int] = (80, 24), **extra: str) -> PtySession:
        """``amtui-session`` for ``request`` (``"amtui grid Elm Maths"``) in a pseudo-terminal."""
        return PtySession(None, size=size, environ={**self.session_env(request), **extra},
                          command=[str(BIN / "amtui-session")], size_in_environment=False)

    @contextlib.contextmanager
    def warm_server(self) -> Iterator[subprocess.Popen]:
        """``amtui-warm`` running (ready for sessions) until the block ends."""
        log = (self.folder / "warm.log").open("wb")
        server = subprocess.Popen([str(BIN / "amtui-warm")], env=self.env, stdin=subprocess.DEVNULL,
                                  stdout=log, stderr=log, start_new_session=True)
        try:
            wait_until(lambda: b"ready on" in self.log(), 60, server, self)
            yield server
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()

    def log(self) -> bytes:
        return (self.folder / "warm.log").read_bytes() if (self.folder / "warm.log").exists() else b""


def wait_until(ready, seconds: float, process: subprocess.Popen, play: ServerPlay) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"amtui-warm did not start: {play.log().decode(errors='replace')}")
        select.select([], [], [], 0.02)


def sessions_of(server_pid: int) -> list[int]:
    """The pids of the sessions the warm server has forked and not yet reaped."""
    try:
        return [int(pid) for pid in Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()]
    except OSError:
        return []


def memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, USS) of ``pid`` in MB, from ``/proc/PID/smaps_rollup``: what a forked session
    really costs (pages it shares with the warm server count once, split between them)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields["Pss"] / 1024, (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024
