"""The terminal as a keystroke's redraw reaches it: small writes go out at once when nothing
is queued, the order of the bytes never changes, and what waits for them runs once they
are sent (``ui.terminal_output``), through Textual's own writer thread and a real pipe."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from types import SimpleNamespace

from textual.drivers._writer_thread import WriterThread

from amtui.ui import serial
from amtui.ui.serial import SerialDb
from amtui.ui.terminal_output import BACKLOG_MOST, DIRECT_MOST, WAKE, FrameOutput


def pipe_output():
    read_end, write_end = os.pipe()
    return read_end, FrameOutput(os.fdopen(write_end, "w", encoding="utf-8"))


def read_all(fd: int, count: int) -> str:
    got = b""
    while len(got) < count:
        got += os.read(fd, 65536)
    return got.decode()


def slow_sends(output: FrameOutput) -> threading.Lock:
    """The writer thread cannot send until the returned lock is released (a slow link)."""
    gate = threading.Lock()
    gate.acquire()
    send = output.write

    def held(text: str) -> int:
        with gate:
            return send(text)

    output.write = held
    return gate


def hand_over(output: FrameOutput, writer: WriterThread, text: str | bytes) -> None:
    """What the driver does with a write the app did not send itself: into the backlog,
    the writer thread woken if it must be."""
    if output.queue(text):
        writer.write(WAKE)


def sending_slowly(output: FrameOutput, text: str) -> tuple[WriterThread, threading.Lock]:
    """Textual's writer thread, given ``text`` to send over a slow link (see ``slow_sends``)."""
    writer = WriterThread(output)
    gate = slow_sends(output)
    hand_over(output, writer, text)
    writer.start()
    return writer, gate


def test_a_small_write_with_nothing_queued_is_sent_at_once():
    read_end, output = pipe_output()
    assert output.write_now("\x1b[3;5HX") == ""  # nothing left to hand over
    assert os.read(read_end, 100) == b"\x1b[3;5HX"  # in the pipe already: no thread involved


def test_a_large_write_goes_to_the_writer_thread():
    _, output = pipe_output()
    assert output.write_now("x" * (DIRECT_MOST + 1)) == "x" * (DIRECT_MOST + 1)


def test_a_write_behind_queued_ones_waits_its_turn_and_the_order_is_kept():
    read_end, output = pipe_output()
    writer, gate = sending_slowly(output, "first ")
    assert output.write_now("second") == "second"  # "first " is not sent yet: this queues behind it
    hand_over(output, writer, "second")
    gate.release()
    assert read_all(read_end, 12) == "first second"
    writer.stop()


def test_what_waits_for_the_bytes_runs_once_they_are_sent():
    read_end, output = pipe_output()
    ran = threading.Event()
    output.after_written(ran.set)
    assert ran.is_set()  # nothing on its way: at once

    writer, gate = sending_slowly(output, "mark")
    sent = threading.Event()
    output.after_written(sent.set)
    assert not sent.wait(0.2)  # the mark is still on its way
    gate.release()
    assert sent.wait(5)
    assert os.read(read_end, 100) == b"mark"
    writer.stop()


def returns_at_once(call):
    """What ``call()`` returns, made on another thread: it must not wait for the terminal."""
    result = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(2)
    assert not thread.is_alive(), "the app's thread waited for a terminal that does not read"
    return result[0]


def unread_terminal():
    """A terminal that has stopped reading: a pipe of 4 KB, full (read_end, output, what filled it)."""
    read_end, output = pipe_output()
    fcntl.fcntl(output.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    os.set_blocking(output.fileno(), False)
    filled = b""
    try:
        while True:
            filled += b"f" * os.write(output.fileno(), b"f" * 512)
    except BlockingIOError:
        os.set_blocking(output.fileno(), True)
    return read_end, output, filled


def test_a_terminal_that_stops_reading_never_holds_the_apps_thread():
    """Keys go on being handled and saved while the link is stalled: only the writer thread waits."""
    read_end, output, filled = unread_terminal()
    assert returns_at_once(lambda: output.write_now("mark")) == "mark"  # not taken: for the writer thread
    writer = WriterThread(output)
    writer.start()
    for text in ("mark", "é" * 3000):  # the writer thread now waits for the terminal, holding these
        hand_over(output, writer, text)
    time.sleep(0.1)
    assert returns_at_once(lambda: output.write_now("next")) == "next"  # behind them, in order
    sent = threading.Event()
    assert returns_at_once(lambda: output.after_written(sent.set)) is None and not sent.is_set()
    for _ in range(100):  # far more than Textual's thirty writes: none of them waits
        assert returns_at_once(lambda: hand_over(output, writer, ".")) is None
    returns_at_once(lambda: hand_over(output, writer, "next"))
    got = read_all(read_end, len(filled) + 4 + 6000 + 100 + 4)  # the terminal reads again: all of it, in order
    assert got == filled.decode() + "mark" + "é" * 3000 + "." * 100 + "next" and sent.wait(5)
    writer.stop()


def test_past_its_bound_the_backlog_is_dropped_and_the_screen_drawn_again_once_the_terminal_reads():
    """A terminal stalled for long: what waits for it stays bounded, the app's thread never
    waits, and once the terminal has taken what it was sent the app is asked for the whole
    screen again (and sends it itself, as before)."""
    read_end, output, filled = unread_terminal()
    redraw = threading.Event()
    output.caught_up = redraw.set
    writer = WriterThread(output)
    writer.start()
    hand_over(output, writer, "mark")  # taken by the writer thread, which now waits for the terminal
    time.sleep(0.1)
    frames = [f"frame {n:03d} " + "x" * 990 for n in range(200)]  # 200 KB of redraws
    for frame in frames:
        returns_at_once(lambda: hand_over(output, writer, frame))
    assert output._size <= BACKLOG_MOST and output.dropped > 0
    ran = threading.Event()
    output.after_written(ran.set)
    assert not redraw.is_set() and not ran.is_set()
    got = read_all(read_end, len(filled) + 4)  # the terminal reads again
    assert redraw.wait(5) and ran.wait(5)
    os.set_blocking(read_end, False)
    try:
        got += os.read(read_end, 1 << 20).decode()
    except BlockingIOError:
        pass
    os.set_blocking(read_end, True)
    assert got.startswith(filled.decode() + "mark")
    sent = [frame for frame in frames if frame in got]
    assert sent == frames[:len(sent)] and len(got) < len(filled) + 4 + BACKLOG_MOST + 1000  # in order, bounded
    assert output.dropped == 0 and output.write_now("whole screen") == ""  # at once again
    assert os.read(read_end, 100) == b"whole screen"
    writer.stop()


def test_the_rest_of_a_write_the_terminal_took_in_part_follows_in_order():
    """A pseudo-terminal may take only part of the app's write; the writer thread sends the
    rest (the bytes it did not take, cut anywhere, even inside a character) in its turn."""
    read_end, output = pipe_output()
    writer = WriterThread(output)
    writer.start()
    for text in ("behind ", "Zoë ".encode()[:3], "Zoë ".encode()[3:], "then"):  # the ë cut in two
        hand_over(output, writer, text)
    assert read_all(read_end, 16) == "behind Zoë then"
    sent = threading.Event()
    output.after_written(sent.set)
    assert sent.wait(5)
    writer.stop()


class ScreenOfApp:
    """Stands in for a screen of an app that draws to ``output``: runs its after-refresh
    callbacks when told that the keystroke is drawn."""

    def __init__(self, output: FrameOutput) -> None:
        self.app = SimpleNamespace(_driver=SimpleNamespace(_file=output))
        self.callbacks = []
        self.posted = threading.Event()

    def call_after_refresh(self, callback) -> bool:
        self.callbacks.append(callback)
        return True

    def post_message(self, message) -> bool:
        self.posted.set()
        return True

    def drawn(self) -> None:
        for callback in self.callbacks:
            callback()


def test_a_kept_save_starts_once_its_keystroke_is_drawn_and_sent(monkeypatch):
    monkeypatch.setattr(serial, "FRAME_WAIT_SECONDS", 5.0)
    read_end, output = pipe_output()
    writer, gate = sending_slowly(output, "mark")
    screen, made = ScreenOfApp(output), []
    db = SerialDb(screen, "test")
    db.post(lambda: made.append("saved"), done=lambda result: result, keep=True)
    time.sleep(0.05)
    assert made == []  # the keystroke is not drawn yet
    screen.drawn()
    time.sleep(0.05)
    assert made == []  # drawn, but its bytes are still on their way
    gate.release()
    assert screen.posted.wait(5) and made == ["saved"]
    assert os.read(read_end, 100) == b"mark"
    writer.stop()
    db.close()
