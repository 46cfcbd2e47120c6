"""The terminal as a keystroke's redraw reaches it: small writes go out at once when nothing
is queued, the order of the bytes never changes, and what waits for them runs once they
are sent (``ui.terminal_output``), through Textual's own writer thread and a real pipe."""

from __future__ import annotations

import os
import threading
import time
from types import SimpleNamespace

from textual.drivers._writer_thread import WriterThread

from amtui.ui import serial
from amtui.ui.serial import SerialDb
from amtui.ui.terminal_output import DIRECT_MOST, FrameOutput


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


def sending_slowly(output: FrameOutput, text: str) -> tuple[WriterThread, threading.Lock]:
    """Textual's writer thread, given ``text`` to send over a slow link (see ``slow_sends``)."""
    writer = WriterThread(output)
    gate = slow_sends(output)
    output.handed_over()
    writer.write(text)
    writer.start()
    return writer, gate


def test_a_small_write_with_nothing_queued_is_sent_at_once():
    read_end, output = pipe_output()
    assert output.write_now("\x1b[3;5HX")
    assert os.read(read_end, 100) == b"\x1b[3;5HX"  # in the pipe already: no thread involved


def test_a_large_write_goes_to_the_writer_thread():
    _, output = pipe_output()
    assert not output.write_now("x" * (DIRECT_MOST + 1))


def test_a_write_behind_queued_ones_waits_its_turn_and_the_order_is_kept():
    read_end, output = pipe_output()
    writer, gate = sending_slowly(output, "first ")
    assert not output.write_now("second")  # "first " is not sent yet: this queues behind it
    output.handed_over()
    writer.write("second")
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
