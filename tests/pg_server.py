"""A real PostgreSQL server for the tests: initdb into a temporary folder, started on a free
local port as an unprivileged user, stopped at the end (``amtui.db.local_server``, which
``amtui demo --trust`` starts its own with).

PostgreSQL refuses to run as root: run as root (CI), the server runs as the ``postgres``
user Debian's package makes (else ``nobody``); run as anyone else, as them. The server
trusts local connections (the folder and the port are this test run's alone) and its
superuser is ``postgres``. ``why_not()`` says why no server can be started here, for a skip.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from amtui.db.local_server import BIN_DIRS, LocalServer, ServerFailed, program, runner, why_not

__all__ = ["BIN_DIRS", "Server", "start", "why_not"]
_program = program
_runner = runner
"""Whom the server runs as when we are root (None otherwise)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server(LocalServer):
    """A running server on 127.0.0.1: ``url(name)`` for a database on it."""

    host: str | None = "127.0.0.1"

    def _as_runner(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        return self.run(argv, **kwargs)

    def stop(self) -> None:
        try:
            self.run([program("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        except subprocess.SubprocessError:
            pass  # already gone
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """initdb and start a server on a free port; the caller stops it."""
    server = Server(Path(tempfile.mkdtemp(prefix="amtui-pg-")), _free_port(), runner())
    try:
        server.make(durable=False)
        server.start("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")
    except ServerFailed as error:
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start: {error}") from error
    return server
