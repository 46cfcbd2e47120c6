"""A keystroke's redraw goes to the terminal at once; a terminal that stops reading never
holds the app, and is drawn right when it reads again.

Textual hands every write to its writer thread, which sends it when it next holds the
interpreter. On a busy 2-core server that thread waits behind whatever the app does next
(the screen's other updates, a save's Python work), so a mark reached the terminal
milliseconds after it was drawn. Here a small write made while nothing is on its way is
sent by the app itself, straight away; anything else (a large repaint, or a write behind
others not yet sent) goes to the writer thread, so the order of the bytes never changes
and a slow link never blocks the app on a big one.

A terminal that stops reading (a frozen PuTTY window, a stalled link) holds only the
writer thread. Textual's thread takes thirty writes, then the app's thread would wait at
the next one with keys unhandled: so the writes wait here instead, in one backlog the
writer thread takes whole each time it is free (its own queue holds one wake-up at most).
The backlog is bounded: past :data:`BACKLOG_MOST` characters what it holds is dropped,
and so is every redraw made until the terminal has taken what it was sent; then the
screen is drawn again whole (:meth:`FrameOutput.caught_up` asks the app for it), so the
terminal shows the screen as it is now. The app goes on handling and saving keys
meanwhile; nothing is ever cut inside a write.

``after_written(app, callback)`` runs ``callback`` once every byte handed over so far has
been sent (or dropped); ``drawn_and_sent(screen)`` is an event set once the screen has
drawn and sent what is pending: a save queued by a keystroke waits for it (``ui.serial``),
so the save's work never holds the interpreter while the mark is on its way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from textual.app import App
from textual.message_pump import MessagePump

from amtui.ui.hangup import TerminalOutput, hangup_safe_driver

DIRECT_MOST = 2048
"""The largest write the app sends itself (a mark's redraw is a few hundred bytes)."""
BACKLOG_MOST = 64 * 1024
"""Characters waiting for a terminal that does not read, at most (a whole 80x24 screen
drawn in colour is some 10-20 KB): past this, the screen is drawn again when it reads."""
WAKE = ""
"""What goes into the writer thread's queue: "send the backlog" (an empty write)."""


class FrameOutput(TerminalOutput):
    """The terminal, shared by the app (small writes when nothing waits) and Textual's
    writer thread (the backlog, in order); see the module's text."""

    def __init__(self, file) -> None:
        super().__init__(file)
        self._lock = threading.Lock()
        self._backlog: list[str | bytes] = []  # waiting for the writer thread, in order
        self._size = 0  # characters in the backlog
        self._woken = False  # a WAKE is in the writer thread's queue, not yet taken
        self._sending = False  # the writer thread took the backlog and has not flushed it yet
        self.dropped = 0  # writes dropped since the terminal last took everything
        self._waiting: list[Callable[[], None]] = []  # to run once everything is sent
        self._direct: int | None = None  # the app's own, non-blocking way to the terminal
        self._direct_opened = False
        self.caught_up: Callable[[], None] = lambda: None
        """Called (on the writer thread) when the terminal has taken everything after writes
        were dropped: the screen must be drawn again whole."""

    def queue(self, data: str | bytes) -> bool:
        """The app's thread: ``data`` waits for the writer thread, behind what waits already
        (never blocking). True when the writer thread must be woken (a WAKE handed to it)."""
        with self._lock:
            if self.dropped and isinstance(data, str):
                self.dropped += 1  # the whole screen is drawn again once the terminal reads
                return False
            self._backlog.append(data)
            self._size += len(data)
            if self._size > BACKLOG_MOST:
                kept = [part for part in self._backlog if isinstance(part, bytes)]  # a write's rest
                self.dropped += len(self._backlog) - len(kept)
                self._backlog, self._size = kept, sum(map(len, kept))
            wake, self._woken = not self._woken, True
            return wake

    def write(self, text: str | bytes) -> int:
        """The writer thread: a WAKE, so it sends the whole backlog (or, in tests and from
        Textual itself, ``text`` as it is)."""
        if text != WAKE:
            return self._send(text)
        with self._lock:
            batch, self._backlog, self._size = self._backlog, [], 0
            self._woken, self._sending = False, True  # until flushed
        for part in batch:
            self._send(part)
        return 0

    def _send(self, part: str | bytes) -> int:
        if isinstance(part, str):
            return super().write(part)
        super().flush()  # the str before it, buffered, goes first
        if not self.gone:
            try:
                self._file.buffer.write(part)
            except (OSError, ValueError):
                self.gone = True
        return len(part)

    def flush(self) -> None:
        """The writer thread has sent all it holds: what waited for it runs now (and, if
        writes were dropped meanwhile, the screen is drawn again whole)."""
        super().flush()
        with self._lock:
            self._sending = False
            if self._backlog or self._woken:
                return
            ready, self._waiting = self._waiting, []
            redraw, self.dropped = bool(self.dropped), 0
        if redraw:
            self.caught_up()
        for callback in ready:
            callback()

    def write_now(self, text: str) -> str | bytes:
        """Send ``text`` from the app's own thread if nothing is on its way ahead of it, it
        is small and the terminal takes it without waiting; returns what is left to queue
        ("" when all was sent: ``text`` itself, or the bytes it did not take)."""
        if len(text) > DIRECT_MOST:
            return text
        with self._lock:
            direct = self._direct_fd()
            if self._backlog or self._woken or self._sending or self.dropped or direct is None or self.gone:
                return text
            data = text.encode(self._file.encoding or "utf-8", self._file.errors or "strict")
            try:
                sent = os.write(direct, data)
            except OSError:  # full (EAGAIN), or gone: the writer thread finds out which
                return text
            return data[sent:] if sent < len(data) else ""

    def _direct_fd(self) -> int | None:
        """The terminal opened again, non-blocking for the app's writes alone (None where it
        cannot be: every write then goes through the writer thread)."""
        if not self._direct_opened:
            self._direct_opened = True
            try:
                self._file.flush()
                flags = os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
                self._direct = os.open(f"/proc/self/fd/{self._file.fileno()}", flags)
            except (OSError, ValueError, AttributeError):
                self._direct = None
        return self._direct

    def after_written(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` (from any thread) once every write handed over so far is sent."""
        with self._lock:
            if self._backlog or self._woken or self._sending:
                self._waiting.append(callback)
                return
        callback()


def frame_output_driver(base: type) -> type:
    """``base`` (Textual's Linux driver, made safe for a terminal that hangs up) writing a
    keystroke's redraw at once, and never waiting for the terminal, through :class:`FrameOutput`."""
    safe = hangup_safe_driver(base)

    class FrameOutputDriver(safe):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._file = FrameOutput(self._file._file)
            app = self._app
            self._file.caught_up = lambda: app.call_later(draw_whole_screen, app)  # thread-safe

        def write(self, data: str) -> None:
            if self._writer_thread is None:
                super().write(data)
                return
            left = self._file.write_now(data)
            if left and self._file.queue(left):
                super().write(WAKE)

    return FrameOutputDriver


def draw_whole_screen(app: App) -> None:
    """Draw every line of the screen again (the terminal missed some of what was drawn)."""
    if app.screen_stack:
        app.screen.refresh()


def after_written(node: App | MessagePump, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the terminal has been sent what the app of ``node`` (the app, or
    one of its screens) has drawn so far: at once where nothing is on its way, or where the
    app does not draw to a terminal (a test's)."""
    app = getattr(node, "app", node)
    output = getattr(getattr(app, "_driver", None), "_file", None)
    if isinstance(output, FrameOutput):
        output.after_written(callback)
    else:
        callback()


def drawn_and_sent(pump: MessagePump) -> threading.Event:
    """An event set once the screen has drawn what ``pump`` asked of it so far and the
    terminal has been sent it (a keystroke's save waits on it, on its own thread)."""
    sent = threading.Event()
    if not pump.call_after_refresh(lambda: after_written(pump, sent.set)):
        sent.set()
    return sent
