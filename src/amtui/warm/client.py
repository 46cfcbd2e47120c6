"""``amtui-session``'s side of the warm server: hand the terminal over, relay, wait.

Only the standard library and amtui's config are loaded here: the point is that the
session's own process stays small (see :mod:`amtui.warm`).
"""

from __future__ import annotations

import array
import os
import signal
import socket
from collections.abc import Sequence

from amtui.identity import Person
from amtui import warm_wire as wire

RELAYED = (signal.SIGWINCH, signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGCONT)
"""What the terminal and sshd send to the session, and its amtui must get."""
ANSWER_SECONDS = 10.0
"""How long the server has to start the session's process before amtui starts cold."""


class Relay:
    """Signals to the session's process group once it is known; kept until then."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.pending: list[int] = []
        self.previous = {sig: signal.signal(sig, self._arrived) for sig in RELAYED}

    def _arrived(self, signum: int, _frame: object) -> None:
        if self.pid is None:
            self.pending.append(signum)
        else:
            self._send(signum)

    def _send(self, signum: int) -> None:
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            pass  # it has just ended; its status is on the way

    def to(self, pid: int) -> None:
        self.pid = pid
        for signum in self.pending:
            self._send(signum)
        self.pending.clear()

    def give_up(self) -> None:
        """Back to this process's own handling, with what arrived meanwhile delivered to it."""
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)
        for signum in self.pending:
            os.kill(os.getpid(), signum)


def hand_over(argv: Sequence[str], person: Person) -> int | None:
    """Run amtui ``argv`` for ``person`` in a warm server's session: its exit status, or
    None when no warm server takes it (then amtui starts the usual way)."""
    from amtui import config

    try:
        path = wire.socket_path()
    except config.ConfigError:
        return None  # the cold start says what is wrong with the config
    if not os.path.exists(path):
        return None  # no warm server here: nothing to say
    relay = Relay()  # from now: a hangup while connecting is passed on, not lost
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(ANSWER_SECONDS)
    handshake = wire.Handshake(list(argv), person.login, person.uid, person.via_service,
                               wire.passed_environment(os.environ), _umask())
    reader = wire.LineReader(conn)
    try:
        conn.connect(str(path))
        _send(conn, handshake)
        answer = reader.line()
    except OSError as error:
        answer = f"not reached ({error.strerror or error})"
    pid = _number_after("ok", answer)
    if pid is None:
        conn.close()
        relay.give_up()
        log(f"the warm server at {path} did not take the session ({answer or 'no answer'}); starting amtui cold")
        return None
    relay.to(pid)
    try:
        wire.send_line(conn, "go")
        conn.settimeout(None)
        while (line := reader.line()) is not None:
            status = _number_after("exit", line)
            if status is not None:
                return status
    except OSError as error:
        log(f"the warm server's session ended without its status ({error.strerror or error})")
        return 1
    log("the warm server's session ended without its status")
    return 1


def _number_after(word: str, line: str | None) -> int | None:
    """N in a line ``WORD N`` (None for any other line)."""
    parts = (line or "").split()
    if len(parts) == 2 and parts[0] == word and parts[1].isdigit():
        return int(parts[1])
    return None


def _send(conn: socket.socket, handshake: wire.Handshake) -> None:
    """The handshake, with this process's terminal and working directory attached."""
    try:
        here = os.open(".", os.O_PATH | os.O_DIRECTORY)
    except OSError:
        here = os.open("/", os.O_PATH | os.O_DIRECTORY)
    try:
        fds = array.array("i", [0, 1, 2, here])
        conn.sendmsg([handshake.encode()], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
    finally:
        os.close(here)


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def log(line: str) -> None:
    """One line in the system log (the person's terminal is not told: amtui still starts)."""
    import syslog

    syslog.openlog("amtui-session", syslog.LOG_PID, syslog.LOG_AUTH)
    syslog.syslog(syslog.LOG_WARNING, line)
