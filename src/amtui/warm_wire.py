"""What ``amtui-session`` and the warm server say to each other, over the Unix socket.

The session sends one handshake: a 4-byte length and a JSON object (the command line,
the person, the passed environment, the umask), with its standard input, output, error
and working directory attached as file descriptors (``SCM_RIGHTS``). Then lines:

- server to session: ``ok PID`` (the session's process, its own process group, is
  ready) or ``refused REASON``; later ``exit STATUS``;
- session to server: ``go`` once it relays signals to PID; only then does the
  session's process touch the terminal, so a session that gave up waiting (and started
  cold) never has two amtuis on one terminal.

Here too: which of the person's environment a session takes over, and which it never
does. The standard library only: ``amtui-session`` loads this module, and must stay small.
"""

from __future__ import annotations

import json
import os
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SOCKET = Path("/run/amtui/warm.sock")
PASSED_ENVIRONMENT = ("TERM", "COLORTERM", "NO_COLOR", "LANG", "COLUMNS", "LINES")
"""The person's variables a session takes over (and every ``LC_*``): the terminal's and
the language's, nothing that could steer amtui's files or Python."""
PASSED_FDS = 4  # standard input, output, error, and the working directory
LONGEST_HANDSHAKE = 64 * 1024
_LENGTH = struct.Struct("!I")


def socket_path() -> Path:
    """Where the warm server listens: ``warm_socket`` in the system config, else the default."""
    from amtui import config

    value = config.system_config().get("warm_socket")
    return Path(str(value)) if value else DEFAULT_SOCKET


PERSONS_SETTINGS = ("AMTUI_", "XDG_")
"""The person's own settings (their file, journal, prints, syslog anchoring), which the
service account never takes from them."""


def forget_the_persons_settings() -> None:
    """Drop AMTUI_* and XDG_* from this process's environment: sudo's env_reset should
    have, but a rule written with env_keep too wide must not let the person steer the
    service account's files (amtui-session, and the warm server's sessions)."""
    for name in list(os.environ):
        if name.startswith(PERSONS_SETTINGS):
            del os.environ[name]


def passed_environment(environ: dict[str, str] | os._Environ) -> dict[str, str]:
    """The variables of ``environ`` a session may take over (see PASSED_ENVIRONMENT)."""
    return {name: value for name, value in environ.items()
            if name in PASSED_ENVIRONMENT or name.startswith("LC_")}


@dataclass(frozen=True)
class Handshake:
    """What a session asks of the warm server."""

    argv: list[str]  # amtui's arguments, as amtui-session checked them
    login: str
    uid: int | None
    via_service: bool
    environment: dict[str, str]
    umask: int

    def encode(self) -> bytes:
        body = json.dumps(self.__dict__).encode()
        return _LENGTH.pack(len(body)) + body

    @classmethod
    def decode(cls, body: bytes) -> Handshake:
        """The handshake in ``body`` (after its length); ValueError when it is not one."""
        try:
            fields = json.loads(body)
            made = cls(**fields)
        except (TypeError, ValueError) as error:
            raise ValueError(f"not a handshake ({error})") from None
        if not (isinstance(made.argv, list) and all(isinstance(word, str) for word in made.argv)
                and isinstance(made.login, str) and isinstance(made.via_service, bool)
                and (made.uid is None or isinstance(made.uid, int)) and isinstance(made.umask, int)
                and isinstance(made.environment, dict)
                and all(isinstance(v, str) for v in made.environment.values())):
            raise ValueError("not a handshake (a field of the wrong kind)")
        return made


def receive_handshake(conn: socket.socket) -> tuple[Handshake, list[int]]:
    """The handshake and the descriptors sent with it. ValueError (with the descriptors
    received closed) when the peer sends anything else."""
    head, fds = b"", []
    try:
        data, ancillary, _flags, _addr = conn.recvmsg(LONGEST_HANDSHAKE, socket.CMSG_SPACE(PASSED_FDS * 4))
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds += struct.unpack(f"{len(payload) // 4}i", payload[: len(payload) // 4 * 4])
        if len(fds) != PASSED_FDS:
            raise ValueError(f"{len(fds)} descriptors instead of {PASSED_FDS}")
        head = data
        while len(head) < _LENGTH.size or len(head) < _LENGTH.size + _LENGTH.unpack_from(head)[0]:
            if len(head) >= _LENGTH.size and _LENGTH.unpack_from(head)[0] > LONGEST_HANDSHAKE:
                raise ValueError("the handshake is too long")
            more = conn.recv(LONGEST_HANDSHAKE)
            if not more:
                raise ValueError("the session left during the handshake")
            head += more
        return Handshake.decode(head[_LENGTH.size:]), fds
    except (ValueError, OSError) as error:
        for fd in fds:
            os.close(fd)
        raise ValueError(str(error)) from None


VERSION_REQUEST = b"version\n"
"""Instead of a handshake (which starts with its length's zero bytes): ``amtui doctor``
asking which amtui the server loaded; the server answers ``version STAMP`` and closes."""


def code_stamp() -> str:
    """Which amtui this is: its version and when its code last changed (an upgrade, or a
    patch without a new version, changes it). The warm server keeps the one it loaded."""
    import amtui

    newest = max(path.stat().st_mtime_ns for path in Path(amtui.__file__).parent.rglob("*.py"))
    return f"{amtui.__version__}+{newest // 1_000_000_000}"


def send_line(conn: socket.socket, text: str) -> None:
    conn.sendall(text.encode() + b"\n")


class LineReader:
    """Lines from a socket, one at a time (None at end of file)."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.buffer = b""

    def line(self) -> str | None:
        while b"\n" not in self.buffer:
            more = self.conn.recv(4096)
            if not more:
                return None
            self.buffer += more
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode(errors="replace")
