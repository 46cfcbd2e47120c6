"""A private PostgreSQL server in a folder of one's own, for trying a trust on one machine.

``amtui demo --trust`` (``amtui.cli_demo_trust``) keeps one under amtui's data folder:
Debian's ``postgresql`` package's programs (``/usr/lib/postgresql/N/bin``, newest first,
else the PATH) make a cluster in ``FOLDER/data`` and run it as the person's own user.
The server listens on no network port, only on a socket in ``FOLDER`` (mode 0700), so it
trusts whoever reaches the socket: the folder's owner alone.

PostgreSQL refuses to run as root: run as root, the server runs as the ``postgres`` user
Debian's package makes (else ``nobody``), which then owns the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
"""Debian puts each major version's programs in /usr/lib/postgresql/N/bin (newest first)."""
PORT = 5432
"""Only names the socket (``.s.PGSQL.5432``): the server opens no network port."""
INSTALL = ("PostgreSQL's server programs (initdb, pg_ctl) are not installed. On Debian or Ubuntu: "
           "sudo apt-get install postgresql   (the server need not run: amtui starts its own)")


def program(name: str) -> str | None:
    """The path of one of PostgreSQL's programs, or None."""
    for folder in BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def why_not() -> str | None:
    """Why no local server can be started here (what to install), or None."""
    if program("initdb") is None or program("pg_ctl") is None:
        return INSTALL
    try:
        import psycopg  # noqa: F401  the driver amtui[postgres] brings
    except ImportError as error:
        return f"PostgreSQL's driver is not installed ({error}): pip install 'amtui[postgres]'"
    if os.geteuid() == 0 and runner() is None:
        return "PostgreSQL will not run as root, and there is neither a 'postgres' nor a 'nobody' user to run it"
    return None


def runner() -> pwd.struct_passwd | None:
    """Whom the server runs as when we are root (None: as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


class ServerFailed(Exception):
    """The server could not be made, started or stopped: the message says why, with its log's end."""


@dataclass
class LocalServer:
    """A cluster in ``folder/data`` whose socket is in ``folder``; ``url(db, role)`` reaches it."""

    folder: Path
    port: int = PORT
    user: pwd.struct_passwd | None = None
    host: str | None = None
    """Also listen on this address (the tests: 127.0.0.1), else on the socket alone."""

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, database: str = "postgres", role: str = "postgres") -> str:
        if self.host:
            return f"postgresql://{quote(role)}@{self.host}:{self.port}/{database}"
        return f"postgresql://{quote(role)}@/{database}?host={quote(str(self.folder), safe='/')}&port={self.port}"

    def run(self, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
        """Run one of the server's programs as the server's user, in its folder."""
        if self.user is not None:
            uid, gid = self.user.pw_uid, self.user.pw_gid
            kwargs["preexec_fn"] = lambda: (os.setgid(gid), os.setuid(uid))
        env = {**os.environ, "LC_ALL": "C.UTF-8", **kwargs.pop("env", {})}
        return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120,
                              cwd=self.folder, env=env, **kwargs)

    def made(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def running(self) -> bool:
        try:
            self.run([program("pg_ctl"), "-D", str(self.data), "status"])
        except subprocess.CalledProcessError:
            return False
        return True

    def make(self, *, durable: bool = True) -> None:
        """initdb (superuser ``postgres``, trusting whoever reaches the socket)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        owner = self.folder.stat().st_uid
        if owner not in (os.geteuid(), self.user.pw_uid if self.user else os.geteuid()):
            raise ServerFailed(f"{self.folder} belongs to someone else (user {owner}): the server's folder "
                               "must be its own.")
        os.chmod(self.folder, 0o700)
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self._step([program("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    *([] if durable else ["--no-sync"])])

    def start(self, *settings: str) -> None:
        """Start it and wait until it takes connections; ``settings`` are ``name=value`` more."""
        listen = self.host or ""
        options = [f"-p {self.port}", f"-k {self.folder}", f"-c listen_addresses='{listen}'",
                   "-c unix_socket_permissions=0700", *(f"-c {s}" for s in settings)]
        self._step([program("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                    "-o", " ".join(options), "start"])

    def stop(self, fast: bool = True) -> None:
        """Stop it if it runs (``fast``: sessions are ended, none waited for)."""
        if not self.made():
            return
        try:
            self.run([program("pg_ctl"), "-D", str(self.data), "-m", "fast" if fast else "smart", "-w", "stop"])
        except subprocess.CalledProcessError:
            pass  # not running

    def remove(self) -> None:
        """Stop it and delete its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _step(self, argv: list[str]) -> None:
        try:
            self.run(argv)
        except (subprocess.SubprocessError, OSError) as error:
            log = self.log.read_text(errors="replace")[-1500:] if self.log.exists() else ""
            detail = (getattr(error, "stderr", "") or "").strip()
            raise ServerFailed(f"PostgreSQL's {Path(argv[0]).name} failed in {self.folder}: "
                               f"{detail or error}\n{log}".strip()) from error
