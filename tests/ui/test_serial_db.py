"""The screen's database thread: saves in order, and a keystroke's save after its redraw."""

from __future__ import annotations

import threading
import time

from amtui.ui import serial
from amtui.ui.serial import JobDone, SerialDb


class Target:
    """Stands in for a screen: collects messages; runs after-refresh callbacks when told."""

    def __init__(self, accepts_callbacks: bool = True):
        self.messages = []
        self.after_refresh = []
        self.accepts_callbacks = accepts_callbacks
        self.done = threading.Event()

    def post_message(self, message):
        self.messages.append(message)
        self.done.set()
        return True

    def call_after_refresh(self, callback):
        if self.accepts_callbacks:
            self.after_refresh.append(callback)
        return self.accepts_callbacks

    def drawn(self):
        for callback in self.after_refresh:
            callback()


def test_a_keystrokes_save_waits_for_the_redraw_then_runs_in_order(monkeypatch):
    monkeypatch.setattr(serial, "FRAME_WAIT_SECONDS", 5.0)
    target, made = Target(), []
    db = SerialDb(target, "test")
    db.submit("save", lambda: made.append("first"), after_frame=True)
    db.submit("save", lambda: made.append("second"))
    time.sleep(0.03)
    assert made == []  # the screen has not drawn the keystroke yet
    target.drawn()
    deadline = time.monotonic() + 2
    while len(made) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert made == ["first", "second"]
    db.close()


def test_a_save_is_made_even_if_the_redraw_never_comes(monkeypatch):
    monkeypatch.setattr(serial, "FRAME_WAIT_SECONDS", 0.05)
    target, made = Target(), []
    db = SerialDb(target, "test")
    db.submit("save", lambda: made.append("kept"), after_frame=True)
    assert target.done.wait(2)  # the wait for the frame is bounded
    assert made == ["kept"] and isinstance(target.messages[0], JobDone)
    db.close()


def test_a_closed_screen_does_not_hold_the_save_back(monkeypatch):
    monkeypatch.setattr(serial, "FRAME_WAIT_SECONDS", 30.0)
    target, made = Target(accepts_callbacks=False), []
    db = SerialDb(target, "test")
    db.submit("save", lambda: made.append("now"), after_frame=True)
    assert target.done.wait(5)  # long before the frame wait would end
    assert made == ["now"]
    db.close()


def test_a_kept_save_waits_for_the_drive_says_so_once_and_keeps_its_order(monkeypatch):
    from amtui.db.connection import DatabaseUnavailable

    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.05)
    target, made, failures = Target(), [], []

    def barriers():
        if len(failures) < 2:
            failures.append(1)
            raise DatabaseUnavailable("the network drive holding it has gone away")
        made.append("barriers")

    db = SerialDb(target, "test")
    db.submit("save", barriers, context="barriers", keep=True)
    db.submit("save", lambda: made.append("summary"), context="summary", keep=True)
    assert db.wait(5)
    deadline = time.monotonic() + 2
    while sum(isinstance(m, JobDone) for m in target.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert made == ["barriers", "summary"]
    waiting = [m.context for m in target.messages if not isinstance(m, JobDone)]
    done = [m for m in target.messages if isinstance(m, JobDone)]
    # Told once for the save that failed (and once for the one queued behind it, if it was
    # queued by then: it waits too), then both saved in order.
    assert waiting[0] == "barriers" and waiting.count("barriers") == 1 and waiting.count("summary") <= 1
    assert [(m.context, m.error) for m in done] == [("barriers", None), ("summary", None)]
    db.close()


def test_kept_saves_still_waiting_are_handed_over_in_order_when_amtui_closes(monkeypatch):
    from amtui.db.connection import DatabaseUnavailable
    from amtui.db.journal import kept

    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.05)
    target, made = Target(), []

    def away():
        raise DatabaseUnavailable("the drive holding it is full")

    first = kept("weekly.score", "tester", pupil_id=1, week="2026-03-02", score=20, today="2026-03-04")
    second = kept("weekly.score", "tester", pupil_id=2, week="2026-03-02", score=21, today="2026-03-04")
    db = SerialDb(target, "test")
    db.submit("saved", away, context="first", keep=first)
    db.submit("saved", lambda: made.append("second"), context="second", keep=second)
    deadline = time.monotonic() + 2
    while serial.unsaved(failed_only=True) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert serial.unsaved(failed_only=True) == 2  # the one queued behind waits too, and shows so
    assert serial.take_unsaved() == ([first, second], 0)
    assert db.wait(5) and made == []  # neither is tried again: both are in the journal now
    assert serial.unsaved() == 0
    deadline = time.monotonic() + 2
    while sum(isinstance(m, JobDone) for m in target.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert all(isinstance(m.error, serial.Journaled) for m in target.messages if isinstance(m, JobDone))
    db.close()
