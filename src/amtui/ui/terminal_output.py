"""A keystroke's redraw goes to the terminal at once, and the work it started waits for it.

Textual hands every write to its writer thread, which sends it when it next holds the
interpreter. On a busy 2-core server that thread waits behind whatever the app does next
(the screen's other updates, a save's Python work), so a mark reached the terminal
milliseconds after it was drawn. Here a small write made while the writer thread has
nothing in hand is sent by the app itself, straight away; anything else (a large
repaint, or a write behind others not yet sent) still goes through the writer thread, so
the order of the bytes never changes and a slow link never blocks the app on a big one.

``after_written(app, callback)`` runs ``callback`` once every byte handed over so far has
been sent; ``drawn_and_sent(screen)`` is an event set once the screen has drawn and sent
what is pending: a save queued by a keystroke waits for it (``ui.serial``), so the save's
work never holds the interpreter while the mark is on its way.
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


class FrameOutput(TerminalOutput):
    """The terminal, shared by the app (small writes when nothing waits) and Textual's
    writer thread (the rest, in order).

    The app's thread never waits for the terminal: a terminal that stops reading (a stalled
    link, a full buffer) holds only the writer thread, as in Textual itself, while keys go
    on being handled and saved. So the writer thread holds no lock while it sends, and the
    app writes itself only what the terminal takes at once (a write of its own, made
    non-blocking on the side), handing the rest to the writer thread.
    """

    def __init__(self, file) -> None:
        super().__init__(file)
        self._lock = threading.Lock()
        self._queued = 0  # writes handed to the writer thread and not yet sent
        self._in_hand = 0  # of those, written by the writer thread and not yet flushed
        self._waiting: list[Callable[[], None]] = []  # to run once they are
        self._direct: int | None = None  # the app's own, non-blocking way to the terminal
        self._direct_opened = False

    def handed_over(self) -> None:
        """A write is about to go into the writer thread's queue (the app's thread)."""
        with self._lock:
            self._queued += 1

    def write(self, text: str | bytes) -> int:
        """The writer thread sends one queued write (bytes: the rest of one the app began)."""
        self._in_hand += 1
        if isinstance(text, str):
            return super().write(text)
        super().flush()
        if not self.gone:
            try:
                self._file.buffer.write(text)
            except (OSError, ValueError):
                self.gone = True
        return len(text)

    def flush(self) -> None:
        """The writer thread has sent all it holds: what waited for it runs now."""
        super().flush()
        with self._lock:
            self._queued -= self._in_hand
            self._in_hand = 0
            ready, self._waiting = (self._waiting, []) if self._queued <= 0 else ([], self._waiting)
        for callback in ready:
            callback()

    def write_now(self, text: str) -> str | bytes:
        """Send ``text`` from the app's own thread if nothing is queued ahead of it, it is
        small and the terminal takes it without waiting; returns what is left to hand to the
        writer thread ("" when all was sent: ``text`` itself, or the bytes it did not take)."""
        if len(text) > DIRECT_MOST:
            return text
        with self._lock:
            direct = self._direct_fd()
            if self._queued > 0 or direct is None or self.gone:
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
            if self._queued > 0:
                self._waiting.append(callback)
                return
        callback()


def frame_output_driver(base: type) -> type:
    """``base`` (Textual's Linux driver, made safe for a terminal that hangs up) writing a
    keystroke's redraw at once through :class:`FrameOutput`."""
    safe = hangup_safe_driver(base)

    class FrameOutputDriver(safe):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._file = FrameOutput(self._file._file)

        def write(self, data: str) -> None:
            if self._writer_thread is not None:
                data = self._file.write_now(data)
                if not data:
                    return
                self._file.handed_over()
            super().write(data)

    return FrameOutputDriver


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
