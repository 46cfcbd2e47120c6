"""``amtui-warm``: load amtui once, then fork a process for each session (see :mod:`amtui.warm`).

Run by the admin as the service account (the README's systemd unit). It refuses to start
as anyone else, or when the socket's folder could be reached by anyone else; it accepts
only connections whose peer (``SO_PEERCRED``) runs as its own uid. Before forking it has
done nothing but imports: no database, no thread, no file kept open but its socket.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import pkgutil
import selectors
import signal
import socket
import stat
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from amtui import warm_wire as wire

HANDSHAKE_SECONDS = 5.0
"""How long a connected session has to send its handshake."""
NOT_PRELOADED = ("amtui.__main__", "amtui.warm")  # __main__ would run amtui; the server is loaded
RUNTIME_MODULES = ("textual.drivers.linux_driver", "textual.drivers.headless_driver", "textual._xterm_parser",
                   "textual.css.parse", "textual.layouts.factory", "textual.layouts.horizontal",
                   "textual.layouts.stream", "textual.scrollbar", "textual.pilot")
"""Textual's own modules that an app loads only once it runs (seen in a session's process)."""


@dataclass
class Accepted:
    """A session taken on: returned only in the process forked for it."""

    conn: socket.socket
    handshake: wire.Handshake
    fds: list[int]  # standard input, output, error, working directory


class Refused(Exception):
    """The server cannot start here; the message says why and what to do."""


def main(argv: list[str] | None = None) -> int:
    """Serve until SIGTERM (0); in each forked session, that session's exit status."""
    atexit.register(_report_status)  # first registered, so it runs last: see amtui.warm.child
    for fd in (0, 1, 2):  # held open, so a session's descriptors never arrive as 0, 1 or 2
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # takes the lowest free number: this one
    try:
        path = check_place()
    except Refused as error:
        print(f"amtui-warm: refused: {error}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    loaded = preload()
    listener = listen(path)
    print(f"amtui-warm: ready on {path} ({loaded} modules loaded in {time.perf_counter() - started:.2f} s)",
          file=sys.stderr, flush=True)
    accepted = Server(listener, path).serve()
    if accepted is None:
        return 0
    from amtui.warm.child import run

    return run(accepted)


def _report_status() -> None:
    from amtui.warm import child

    child.report_status()


def check_place() -> Path:
    """The socket's path, once this process is the service account and the folder its alone."""
    from amtui import config

    try:
        if not config.in_service_mode():
            raise Refused("amtui-warm runs only as the service account named in /etc/amtui/config.toml "
                          "(see the README's admin section)")
        path = wire.socket_path()
    except config.ConfigError as error:
        raise Refused(str(error)) from None
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=False, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        raise Refused(f"cannot make the socket's folder {folder}: {error.strerror}") from None
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise Refused(f"the socket's folder {folder} must be the service account's alone "
                      f"(owner uid {info.st_uid}, mode {stat.S_IMODE(info.st_mode):04o}): "
                      f"chown {os.getuid()} {folder} && chmod 700 {folder}")
    return path


def preload() -> int:
    """Import amtui (every module a session may use) and Textual, then freeze them out of
    the collector's passes; the number of modules loaded."""
    import amtui

    before = len(sys.modules)
    amtuis = (found.name for found in pkgutil.walk_packages(amtui.__path__, "amtui.", onerror=_not_loaded))
    for name in [*RUNTIME_MODULES, *amtuis]:
        if not name.startswith(NOT_PRELOADED):
            try:
                importlib.import_module(name)
            except Exception as error:  # noqa: BLE001  (a session loading it says the same)
                _not_loaded(name, error)
    prepare()
    from amtui import collector

    collector.release()  # amtui.cli held it while loading; each session holds it again
    gc.collect()
    gc.freeze()  # shared by every session, copy-on-write: never walked, so never copied
    return len(sys.modules) - before


def prepare() -> None:
    """Work every session would do the same before its first screen, done once here: the
    command line's parser built, the stylesheets parsed (:mod:`amtui.ui.css_cache`), rich's
    table of character widths loaded (the latest Unicode's, unless a session names another)."""
    from rich._unicode_data import load

    from amtui.cli_parser import parser
    from amtui.ui.app import AmtuiApp
    from amtui.ui.css_cache import prewarm

    parser()
    load("latest")
    try:
        prewarm(AmtuiApp)
    except Exception as error:  # noqa: BLE001  (each session parses what it needs itself)
        say(f"stylesheets not parsed ahead ({error}); each session parses them itself")


def _not_loaded(name: str, error: BaseException | None = None) -> None:
    say(f"not preloaded: {name} ({error or sys.exc_info()[1]}); a session loads it itself")


def listen(path: Path) -> socket.socket:
    """A socket at ``path`` (a stale one replaced), readable by the service account only."""
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(old)
    listener.listen(64)
    listener.setblocking(False)
    return listener


def peer_uid(conn: socket.socket) -> int:
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                          struct.calcsize("3i")))
    return uid


def say(line: str) -> None:
    print(f"amtui-warm: {line}", file=sys.stderr, flush=True)


class Server:
    """The accept loop: one forked process per session, reaped when it ends."""

    def __init__(self, listener: socket.socket, path: Path) -> None:
        self.listener = listener
        self.path = path
        self.sessions: dict[int, socket.socket] = {}  # pid -> its connection, for its exit status
        self.selector = selectors.DefaultSelector()
        self.wakeup = os.pipe()
        self.stopping = False
        self.stamp = wire.code_stamp()  # the amtui loaded, as amtui doctor compares it

    def serve(self) -> Accepted | None:
        """Serve until SIGTERM or SIGINT (None); in a forked session, its Accepted."""
        for fd in self.wakeup:
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(self.wakeup[1])
        signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the loop
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._stop)
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wakeup[0], selectors.EVENT_READ, "signal")
        while not self.stopping:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    accepted = self.accept()
                    if accepted is not None:
                        return accepted
                else:
                    while True:
                        try:
                            os.read(self.wakeup[0], 512)
                        except BlockingIOError:
                            break
                    self.reap()
        self.path.unlink(missing_ok=True)
        say("stopped; sessions still open carry on")
        return None

    def _stop(self, *_: object) -> None:
        self.stopping = True

    def accept(self) -> Accepted | None:
        try:
            conn, _ = self.listener.accept()
        except (BlockingIOError, InterruptedError):
            return None
        uid = peer_uid(conn)
        if uid in (os.getuid(), 0) and self._answered_version(conn):
            return None
        if uid != os.getuid():
            say(f"refused a connection from uid {uid}: only the service account may start sessions")
            self._refuse(conn, "only the service account may start sessions")
            return None
        conn.setblocking(True)
        conn.settimeout(HANDSHAKE_SECONDS)
        try:
            handshake, fds = wire.receive_handshake(conn)
        except ValueError as error:
            say(f"refused a session: {error}")
            self._refuse(conn, str(error))
            return None
        pid = os.fork()
        if pid == 0:
            self._become_session()
            return Accepted(conn, handshake, fds)
        for fd in fds:
            os.close(fd)
        self.sessions[pid] = conn
        command = next((word for word in handshake.argv if not word.startswith("-")), "the app")
        say(f"session for {handshake.login} (pid {pid}): {command}")
        return None

    def _answered_version(self, conn: socket.socket) -> bool:
        """When ``conn`` asks which amtui this server loaded (``amtui doctor``), answer."""
        conn.settimeout(HANDSHAKE_SECONDS)
        try:
            if conn.recv(len(wire.VERSION_REQUEST), socket.MSG_PEEK) != wire.VERSION_REQUEST:
                return False
            wire.send_line(conn, f"version {self.stamp}")
        except OSError:
            pass
        conn.close()
        return True

    def _refuse(self, conn: socket.socket, reason: str) -> None:
        try:
            wire.send_line(conn, f"refused {reason}")
        except OSError:
            pass
        conn.close()

    def _become_session(self) -> None:
        """In the forked process: drop everything that is the server's."""
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.selector.close()
        self.listener.close()
        for fd in self.wakeup:
            os.close(fd)
        for other in self.sessions.values():
            other.close()
        self.sessions.clear()

    def reap(self) -> None:
        """Wait for the sessions that ended and tell each one's amtui-session its status."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.sessions.pop(pid, None)
            if conn is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            try:  # the session usually said it first; this covers one killed by a signal
                wire.send_line(conn, f"exit {code if code >= 0 else 128 - code}")
            except OSError:
                pass
            conn.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
