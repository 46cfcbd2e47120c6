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

import threading
from collections.abc import Callable

from textual.app import App
from textual.message_pump import MessagePump

from amtui.ui.hangup import TerminalOutput, hangup_safe_driver

DIRECT_MOST = 2048
"""The largest write the app sends itself (a mark's redraw is a few hundred bytes)."""


class FrameOutput(TerminalOutput):
    """The terminal, shared by the app (small writes when nothing waits) and Textual's
    writer thread (the rest, in order)."""

    def __init__(self, file) -> None:
        super().__init__(file)
        self._lock = threading.Lock()
        self._queued = 0  # writes handed to the writer thread and not yet sent
        self._waiting: list[Callable[[], None]] = []  # to run once they are

    def handed_over(self) -> None:
        """A write is about to go into the writer thread's queue (the app's thread)."""
        with self._lock:
            self._queued += 1

    def write(self, text: str) -> int:
        """The writer thread sends one queued write."""
        with self._lock:
            self._queued -= 1
            return super().write(text)

    def flush(self) -> None:
        """The writer thread has sent all it holds: what waited for it runs now."""
        with self._lock:
            super().flush()
            ready, self._waiting = (self._waiting, []) if self._queued <= 0 else ([], self._waiting)
        for callback in ready:
            callback()

    def write_now(self, text: str) -> bool:
        """Send ``text`` from the app's own thread if nothing is queued ahead of it and it is
        small; False: hand it to the writer thread instead."""
        if len(text) > DIRECT_MOST:
            return False
        with self._lock:
            if self._queued > 0:
                return False
            super().write(text)
            super().flush()
            return True

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
                if self._file.write_now(data):
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
