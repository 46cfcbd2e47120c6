"""When the SSH link drops: make the saves in hand, then leave, rather than spin.

sshd sends SIGHUP when a connection drops. Python's default is to die on the spot,
which could cut off a save queued a few milliseconds before; here SIGHUP closes the app
the normal way, so each screen's queued saves are made before the process ends.

A terminal can also vanish without a SIGHUP (a session with no controlling terminal):
Textual's input thread then reads end-of-file for ever and takes a whole core. A check
every few seconds sees that the terminal is gone and closes the app the same way.
"""

from __future__ import annotations

import asyncio
import fcntl
import signal
import struct
import termios
import time

from textual.app import App

CHECK_SECONDS = 3.0
DRAIN_SECONDS = 1.0
"""The longest a SIGHUP waits for keys already typed to be read, before closing."""


def terminal_gone(fd: int) -> bool:
    """True once the terminal on ``fd`` has hung up (its settings can no longer be read)."""
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return True
    return False


def pending_input(fd: int) -> int:
    """Bytes typed on ``fd`` that the app has not read yet (0 once the terminal is gone)."""
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return 0


def close_on_hangup(app: App, fd: int) -> None:
    """Close ``app`` when its terminal hangs up, with or without a SIGHUP.

    Keys typed just before the link dropped may still be waiting in the terminal: the
    app reads them first (up to :data:`DRAIN_SECONDS`), so the marks they make are saved.
    """

    def check() -> None:
        if terminal_gone(fd):
            app.exit()

    def drain_then_exit(deadline: float) -> None:
        if pending_input(fd) and time.monotonic() < deadline:
            app.set_timer(0.02, lambda: drain_then_exit(deadline))
        else:
            # Read by the input thread, which posts the keys a moment later: they are
            # handled (and their saves queued) ahead of the exit.
            app.set_timer(0.05, app.exit)

    def hangup() -> None:
        drain_then_exit(time.monotonic() + DRAIN_SECONDS)

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, hangup)  # amtui runs in the main thread
    app.set_interval(CHECK_SECONDS, check, name="terminal-check")


class TerminalOutput:
    """The terminal as Textual's writer thread sees it: once it has gone, writes are dropped.

    Textual's writer thread dies on the first failed write (EIO once the SSH link is gone),
    and the next thirty writes fill its queue: the app then blocks for ever while closing,
    before the saves in hand are made or journaled. Dropping the writes lets it close.
    """

    def __init__(self, file) -> None:
        self._file = file
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._file.write(text)
            except (OSError, ValueError):  # EIO, EPIPE, or the file already closed
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self.gone = True

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True


def hangup_safe_driver(base: type) -> type:
    """``base`` (Textual's Linux driver) writing through :class:`TerminalOutput`."""

    class HangupSafeDriver(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._file = TerminalOutput(self._file)
            self._suspended = False

        # Textual suspends on SIGTSTP and resumes on every SIGCONT, in the signal handler,
        # wherever the app's thread happens to be. A hangup brings a SIGCONT too: landing
        # inside a write that held the terminal's lock, the resume's own write waited on
        # that lock for ever (a process left spinning after its terminal closed), and
        # elsewhere it started a second writer and input thread. So: resume only after a
        # suspend, and both from the event loop, between the app's own steps.
        def _sigtstp_application(self, *_) -> None:
            self._suspended = True
            self._loop.call_soon_threadsafe(super()._sigtstp_application)

        def _sigcont_application(self, *_) -> None:
            if self._suspended:
                self._suspended = False
                self._loop.call_soon_threadsafe(super()._sigcont_application)

    return HangupSafeDriver
