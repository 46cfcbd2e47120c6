"""A real PostgreSQL server for the tests: initdb into a temporary folder, started on a free
local port as an unprivileged user, stopped at the end.

PostgreSQL refuses to run as root: run as root (CI), the server runs as the ``postgres``
user Debian's package makes (else ``nobody``); run as anyone else, as them. The server
trusts local connections (the folder and the port are this test run's alone) and its
superuser is ``postgres``. ``why_not()`` says why no server can be started here, for a skip.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
"""Debian puts each major version's programs in /usr/lib/postgresql/N/bin (newest first)."""


def _program(name: str) -> str | None:
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def why_not() -> str | None:
    """Why no server can be started here (None: one can)."""
    if _program("initdb") is None or _program("pg_ctl") is None:
        return "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401  the driver amtui[postgres] brings
    except ImportError as error:
        return f"the PostgreSQL driver is not installed (pip install 'amtui[postgres]'): {error}"
    if os.geteuid() == 0 and _runner() is None:
        return "running as root, and there is neither a 'postgres' nor a 'nobody' user to run the server"
    return None


def _runner() -> pwd.struct_passwd | None:
    """Whom the server runs as when we are root."""
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running server: ``url(name)`` for a database on it."""

    folder: Path
    port: int
    user: pwd.struct_passwd | None

    def url(self, database: str = "postgres", role: str = "postgres") -> str:
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def _as_runner(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        if self.user is not None:
            uid, gid = self.user.pw_uid, self.user.pw_gid
            kwargs["preexec_fn"] = lambda: (os.setgid(gid), os.setuid(uid))
        return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60,
                              cwd=self.folder, **kwargs)

    def stop(self) -> None:
        try:
            self._as_runner([_program("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"])
        except subprocess.SubprocessError:
            pass  # already gone
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """initdb and start a server on a free port; the caller stops it."""
    folder = Path(tempfile.mkdtemp(prefix="amtui-pg-"))
    user = _runner() if os.geteuid() == 0 else None
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = Server(folder, _free_port(), user)
    data, env = folder / "data", {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        server._as_runner([_program("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--no-sync"], env=env)
        options = (f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        server._as_runner([_program("pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
                           "-t", "60", "-o", options, "start"], env=env)
    except subprocess.SubprocessError as error:
        log = (folder / "log").read_text(errors="replace")[-2000:] if (folder / "log").exists() else ""
        server.stop()
        detail = getattr(error, "stderr", "") or ""
        raise RuntimeError(f"PostgreSQL did not start: {error}\n{detail}\n{log}") from error
    return server
