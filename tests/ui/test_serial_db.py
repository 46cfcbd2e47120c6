"""The screen's database thread: saves in order, and a keystroke's save after its redraw."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from textual.message import Message

from amtui.ui import serial
from amtui.ui.serial import DbFailed, JobWaiting, SerialDb


@dataclass
class Made(Message):
    about: str
    result: object = None


@dataclass
class About:
    """What a job is about; called with its result, the message it posts."""

    what: str

    def __call__(self, result) -> Made:
        return Made(self.what, result)


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
    db.post(lambda: made.append("first"), done=About("first"), after_frame=True)
    db.post(lambda: made.append("second"), done=About("second"))
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
    db.post(lambda: made.append("kept"), done=About("kept"), after_frame=True)
    assert target.done.wait(2)  # the wait for the frame is bounded
    assert made == ["kept"] and target.messages[0] == Made("kept")
    db.close()


def test_a_terminal_that_does_not_read_holds_one_save_back_not_each(monkeypatch):
    monkeypatch.setattr(serial, "FRAME_WAIT_SECONDS", 0.5)
    target, made = Target(), []
    db = SerialDb(target, "test")
    started = time.monotonic()
    for n in range(6):  # six keystrokes whose redraws the terminal never takes
        db.post(lambda n=n: made.append(n), done=About(str(n)), after_frame=True)
    assert db.wait(5)
    assert made == list(range(6)) and time.monotonic() - started < 1.0  # the first waited, not all six
    target.drawn()  # the terminal reads again: the next save waits for its redraw as before
    db.post(lambda: made.append("next"), done=About("next"), after_frame=True)
    time.sleep(0.1)
    assert made[-1] == 5
    target.drawn()
    assert db.wait(5) and made[-1] == "next"
    db.close()


def test_a_closed_screen_does_not_hold_the_save_back(monkeypatch):
    monkeypatch.setattr(serial, "FRAME_WAIT_SECONDS", 30.0)
    target, made = Target(accepts_callbacks=False), []
    db = SerialDb(target, "test")
    db.post(lambda: made.append("now"), done=About("now"), after_frame=True)
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
    db.post(barriers, done=About("barriers"), keep=True)
    db.post(lambda: made.append("summary"), done=About("summary"), keep=True)
    assert db.wait(5)
    deadline = time.monotonic() + 2
    while sum(isinstance(m, Made) for m in target.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert made == ["barriers", "summary"]
    waiting = [m.context.what for m in target.messages if isinstance(m, JobWaiting)]
    done = [m for m in target.messages if isinstance(m, Made)]
    # Told once for the save that failed (and once for the one queued behind it, if it was
    # queued by then: it waits too), then both saved in order.
    assert waiting[0] == "barriers" and waiting.count("barriers") == 1 and waiting.count("summary") <= 1
    assert [m.about for m in done] == ["barriers", "summary"]
    db.close()


def test_a_posted_kept_save_that_waits_says_what_it_is_about(monkeypatch):
    from dataclasses import dataclass

    from textual.message import Message

    from amtui.db.connection import DatabaseUnavailable

    @dataclass
    class Made(Message):
        what: str
        result: object

    @dataclass
    class Save:
        """What the save is about, and the message it posts when made."""

        what: str

        def __call__(self, result):
            return Made(self.what, result)

    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.05)
    target, tries = Target(), []

    def barriers():
        tries.append(1)
        if len(tries) < 2:
            raise DatabaseUnavailable("the network drive holding it has gone away")
        return "made"

    db = SerialDb(target, "test")
    about = Save("barriers")
    db.post(barriers, done=about, keep=True)
    assert db.wait(5)
    deadline = time.monotonic() + 2
    while not any(isinstance(m, Made) for m in target.messages) and time.monotonic() < deadline:
        time.sleep(0.005)
    [waiting, made] = target.messages
    assert isinstance(waiting, serial.JobWaiting) and waiting.context is about
    assert (made.what, made.result) == ("barriers", "made")
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
    db.post(away, done=About("first"), keep=first)
    db.post(lambda: made.append("second"), done=About("second"), keep=second)
    deadline = time.monotonic() + 2
    while serial.unsaved(failed_only=True) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert serial.unsaved(failed_only=True) == 2  # the one queued behind waits too, and shows so
    assert serial.take_unsaved() == ([first, second], 0)
    assert db.wait(5) and made == []  # neither is tried again: both are in the journal now
    assert serial.unsaved() == 0
    deadline = time.monotonic() + 2
    while sum(isinstance(m, DbFailed) for m in target.messages) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    failed = [m for m in target.messages if isinstance(m, DbFailed)]
    assert [m.done.what for m in failed] == ["first", "second"]
    assert all(isinstance(m.error, serial.Journaled) for m in failed)
    db.close()


# --- typed results: one message class per kind of result ------------------------------

from dataclasses import dataclass as _dataclass  # noqa: E402

from textual.app import App  # noqa: E402
from textual.screen import Screen  # noqa: E402

from amtui.ui.serial import OwnsDb  # noqa: E402


@_dataclass
class Counted(Message):
    value: int


class Counting(OwnsDb, Screen):
    def __init__(self):
        super().__init__()
        self.seen, self.failures = [], []

    def on_counted(self, event: Counted) -> None:
        self.seen.append(event.value)

    def on_db_failed(self, event: DbFailed) -> None:
        self.failures.append((event.error, event.done))


async def test_results_come_back_as_typed_messages_in_order_and_idle_waits_for_them():
    app = App()
    async with app.run_test():
        screen = Counting()
        await app.push_screen(screen)
        for n in range(5):
            screen.db.post(lambda n=n: (time.sleep(0.01 * (5 - n)), n)[1], done=Counted)
        await screen.db.idle()  # every job has run and its message been handled
        assert screen.seen == [0, 1, 2, 3, 4]
        screen.db.post(lambda: 1 / 0, done=Counted)
        await screen.db.idle()
        [(error, done)] = screen.failures
        assert isinstance(error, ZeroDivisionError) and done is Counted and screen.seen == [0, 1, 2, 3, 4]


async def test_a_screen_closed_with_a_job_queued_still_runs_it_and_its_thread_ends():
    app, made = App(), []
    async with app.run_test() as pilot:
        screen = Counting()
        await app.push_screen(screen)
        screen.db.post(lambda: (time.sleep(0.05), made.append("saved"))[1], done=Counted)
        db = screen.db
        app.pop_screen()
        await pilot.pause()
        assert db.wait(2) and made == ["saved"]


class Quiet(OwnsDb, Screen):
    """A screen that leaves failures to the app."""


async def test_a_refusal_is_said_as_it_is_and_anything_else_as_a_bug(make_app, notifications, caplog, wait_until):
    from amtui.domain.errors import UserFacingError

    app = make_app()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: app.session is not None)
        notes = notifications(app)
        screen = Quiet()
        await app.push_screen(screen)

        def refused():
            raise UserFacingError("The half-term is locked: nothing was changed.")

        screen.db.post(refused, done=Counted)
        await screen.db.idle()
        assert notes == [("error", "The half-term is locked: nothing was changed.")]
        assert not [r for r in caplog.records if r.levelname == "ERROR"]  # a refusal is no bug

        screen.db.post(lambda: {}["missing"], done=Counted)
        await screen.db.idle()
        assert notes[1][1].startswith("amtui could not read the database (KeyError: 'missing')")
        [logged] = [r for r in caplog.records if r.levelname == "ERROR"]
        assert "Counted failed" in logged.getMessage() and logged.exc_info[0] is KeyError


def test_busy_while_a_job_is_queued_or_running_not_after():
    target, gate = Target(), threading.Event()
    db = SerialDb(target, "test")
    assert not db.busy  # nothing queued yet
    db.post(gate.wait, done=lambda result: result)
    db.post(lambda: "after", done=lambda result: result)
    assert db.busy
    gate.set()
    assert db.wait(2) and not db.busy
    db.close()
