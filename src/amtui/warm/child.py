"""A warm server's forked process becoming one person's amtui (see :mod:`amtui.warm`).

It leaves the server's process group, says its pid, and waits for the session's ``go``
(the session relays signals from then on) before it touches the terminal. Then the
terminal becomes its standard input, output and error, the session's working directory,
umask and terminal variables its own, the person is pinned (:func:`amtui.identity.pin`),
and amtui's command line runs as it would in a cold start. Its exit status goes to the
session last of all, after what a cold start does at exit (the audit head's syslog line,
the threads' ends), by an exit handler the server registered before loading anything.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading

from amtui import warm_wire as wire

GO_SECONDS = 60.0
"""How long the session has to say ``go`` (it does at once, unless it gave up waiting)."""



class _Session:
    """The session this process serves: its connection, and the status it is to be told."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.status = 1
        self.reported = False


_session: _Session | None = None


def run(accepted) -> int:
    """Be the session ``accepted`` (an :class:`amtui.warm.server.Accepted`): its exit status."""
    global _session
    conn, handshake = accepted.conn, accepted.handshake
    os.setsid()  # its own session and process group, apart from the server's and the others'
    conn.settimeout(GO_SECONDS)
    try:
        wire.send_line(conn, f"ok {os.getpid()}")
        answer = wire.LineReader(conn).line()
    except OSError:
        answer = None
    if answer != "go":  # the session gave up waiting and started cold: leave its terminal alone
        os._exit(0)
    conn.settimeout(None)
    take_terminal(accepted.fds)
    os.umask(handshake.umask)
    take_environment(handshake.environment)
    from amtui import identity

    identity.pin(identity.Person(handshake.login, handshake.uid, handshake.via_service))
    sys.argv = ["amtui", *handshake.argv]
    _session = session = _Session(conn)
    watch_session(session)
    from amtui.cli import main

    try:
        session.status = main(handshake.argv)
    except SystemExit as leaving:  # argparse's --help, --version and usage errors
        code = leaving.code
        session.status = code if isinstance(code, int) else (0 if code is None else 1)
        raise
    return session.status


def take_terminal(fds: list[int]) -> None:
    """The session's terminal on 0, 1 and 2; its working directory as this one's."""
    stdin, stdout, stderr, here = fds
    for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
    os.fchdir(here)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)
    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        if getattr(sys, name) is None:  # the server started with that descriptor closed
            opened = open(fd, mode, closefd=False)  # noqa: SIM115  (it lives as long as the process)
            setattr(sys, name, opened)
            setattr(sys, f"__{name}__", opened)
    sys.stdout.reconfigure(line_buffering=os.isatty(1))  # as Python sets it up at start


def take_environment(passed: dict[str, str]) -> None:
    """The server's environment, less the person's settings and the server's own terminal
    variables, plus the session's terminal variables (only those :mod:`wire` lets through)."""
    wire.forget_the_persons_settings()
    for name in wire.passed_environment(os.environ):
        del os.environ[name]
    os.environ.update(wire.passed_environment(passed))


def watch_session(session: _Session) -> None:
    """When amtui-session ends first (killed, or its terminal's link dropped), this process
    gets the SIGHUP a cold start would have had."""

    def watch() -> None:
        try:
            while session.conn.recv(64):
                pass
        except OSError:
            pass
        if not session.reported:
            os.kill(os.getpid(), signal.SIGHUP)

    threading.Thread(target=watch, name="session-watch", daemon=True).start()


def report_status() -> None:
    """Tell amtui-session this process's exit status (at exit; nothing in the server)."""
    if _session is None or _session.reported:
        return
    _session.reported = True
    try:
        wire.send_line(_session.conn, f"exit {_session.status}")
    except OSError:
        pass
