"""When the SSH link drops: make the saves in hand, then leave, rather than spin.

sshd sends SIGHUP when a connection drops. Python's default is to die on the spot,
which could cut off a save queued a few milliseconds before; here SIGHUP closes the app
the normal way, so each screen's queued saves are made before the process ends.

Keys typed just before the link dropped are not lost either, however busy the server:
closing waits for each step rather than for a guessed moment (:func:`leave_after_the_keys`).
Every byte waiting in the terminal is read by Textual's input thread, which is then
stopped and waited for, so every key it read has been posted to the app; the app's key
hold then hands each on and waits until it has settled (a mark's save queued); only then
does the app close, making the saves queued or journaling what cannot be made.

A terminal can also vanish without a SIGHUP (a session with no controlling terminal):
Textual's input thread then reads end-of-file for ever and takes a whole core. A check
every few seconds sees that the terminal is gone and closes the app the same way.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import signal
import struct
import termios
import time

from textual.app import App

CHECK_SECONDS = 3.0
DRAIN_SECONDS = 1.0
"""The longest a SIGHUP waits for keys already typed to be read, before closing."""
READER_SECONDS = 2.0
"""The longest closing waits for the input thread to post what it read, and stop."""
HANDLED_SECONDS = 10.0
"""The longest closing waits for the keys read to be handled (a key held for the
database's answer waits up to ``key_hold.ANSWER_SECONDS`` of it)."""

log = logging.getLogger(__name__)


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
    """Close ``app`` when its terminal hangs up, with or without a SIGHUP, once the keys
    typed before have been read and handled (see the module's text)."""
    leaving: list[asyncio.Task] = []  # the one closing under way (kept from the collector)

    def leave() -> None:
        if not leaving:
            leaving.append(asyncio.create_task(leave_after_the_keys(app, fd), name="hangup"))

    def check() -> None:
        if terminal_gone(fd):
            leave()

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, leave)  # amtui runs in the main thread
    app.set_interval(CHECK_SECONDS, check, name="terminal-check")


async def leave_after_the_keys(app: App, fd: int) -> None:
    """Read what waits in the terminal, stop reading, hand every key read on, then exit."""
    try:
        deadline = time.monotonic() + DRAIN_SECONDS
        while pending_input(fd) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await stop_reading(app)
        hold = getattr(app, "key_hold", None)
        if hold is not None and not await hold.handed_on(HANDLED_SECONDS):
            log.warning("keys typed before the hangup were still being handled after %.0f s", HANDLED_SECONDS)
    except Exception:  # closing must happen whatever went wrong on the way
        log.exception("handling the keys typed before the hangup failed")
    finally:
        app.exit()


async def stop_reading(app: App) -> None:
    """Until Textual's input thread has read what it can, posted every key it read to the
    app (in the event loop's queue, ahead of what this returns to) and stopped."""
    driver = getattr(app, "_driver", None)
    thread, stop = getattr(driver, "_key_thread", None), getattr(driver, "exit_event", None)
    if thread is None or stop is None:
        log.warning("no input thread to stop on %r: keys still on their way may be cut off", driver)
        return
    stop.set()
    await asyncio.to_thread(thread.join, READER_SECONDS)
    if thread.is_alive():
        log.warning("the input thread did not stop in %.0f s: keys still on their way may be cut off",
                    READER_SECONDS)
    else:
        stop.clear()  # Textual's own closing then finds the thread stopped, and does the rest


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
