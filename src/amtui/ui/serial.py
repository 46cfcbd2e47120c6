"""One background thread per screen for database work that must keep its order.

Saves from rapid entry must reach the database in the order they were typed, and the
change poll must run on the same connection every time (``PRAGMA data_version`` only
moves for *other* connections' commits). A single-thread executor gives both; results
come back to the screen as messages (``post_message`` is thread-safe).

A save submitted with ``keep=True`` is not given up when the database cannot be
reached (the network drive went away, turned read-only, or is busy for long): the
screen is told once (``JobWaiting``) and keeps showing what was typed, and the save is
tried again every few seconds until it is made. Later saves wait behind it, in order.

A kept save may carry its ``KeptSave`` (``keep=kept(...)``): the save as plain data.
Whatever is still waiting when amtui closes (the person leaves, the SSH link drops) is
handed over by :func:`take_unsaved` and written to the person's journal
(``amtui.db.journal``); the next start saves it. Every ``SerialDb`` with saves in hand
is known here, including those of screens already closed, which go on trying.

A kept save (and any job posted with ``after_frame=True``) is queued at once but starts
only when the screen has drawn the keystroke that made it and the terminal has been sent
the redraw (``terminal_output.drawn_and_sent``): on a 2-core server the save's Python
work would otherwise hold the interpreter while the screen is being redrawn or its bytes
written, and the typist would wait for the database instead of seeing their mark.

Others' saves: a screen learns of them through ``watch_changes`` (``ui.live_changes``).

A job posted with ``holds_keys=True`` is one the next keys need the answer of (a row
agreed, then read back before its fields can be typed into): the keys typed meanwhile are
held by the app's ``KeyHold`` until the screen has handled what the job posted (or the
database is out of reach: the save is kept, and the keys go on).

Results come back as typed messages: ``db.post(job, done=SheetLoaded)`` posts
``SheetLoaded(result)`` to the screen, handled by its ``on_...`` handler, or ``DbFailed``
when the job raised (a ``UserFacingError`` is shown to the person as it is; anything else
is reported as a bug). Tests ``await db.idle()`` rather than polling.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from amtui.db.connection import DatabaseBusy, DatabaseUnavailable
from amtui.db.journal import KeptSave
from amtui.db.repo.staff import CurrentUser, Refused, with_person
from amtui.domain.errors import UserFacingError
from amtui.ui.live_changes import WatchesChanges
from amtui.ui.terminal_output import drawn_and_sent

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
FRAME_WAIT_SECONDS = 0.1
"""The longest a save waits for its keystroke's redraw to be drawn and sent. A terminal
that has not taken a redraw in that time is not reading (a frozen window, a stalled link):
the saves behind it wait for nothing until that redraw is sent, so the keys typed into it
are saved as fast as they are handled, not ten a second."""

UNREACHABLE = (DatabaseBusy, DatabaseUnavailable)
SAYS_WHY = (UserFacingError, *UNREACHABLE)
"""The failures whose message is written for the person at the keyboard: a refusal by the
rules, or the database out of reach. Anything else is a bug, reported as one."""


class Journaled(DatabaseUnavailable):
    """amtui closed before this save could be made: it was written to the journal."""


@dataclass(eq=False)
class Kept:
    """A kept save not yet made: its record (None for a save that cannot be journaled)."""

    record: KeptSave | None
    tag: str = ""
    context: Any = None
    failed: bool = False  # it, or a save ahead of it, has failed (the person was told)


_lock = threading.Lock()
_holding: dict[SerialDb, None] = {}  # every SerialDb with kept saves not yet made, in order


@dataclass
class JobWaiting(Message):
    """A kept save could not reach the database and will be tried again."""

    tag: str
    error: BaseException
    context: Any = None


def _as_is(message: Message) -> Message:
    return message


@dataclass
class DbFailed(Message):
    """A job queued with ``post`` raised ``error``; ``done`` is the message class it would
    have posted (what the job was about). Unhandled, it reaches the app, which tells the
    person: a refusal as it is, anything else as a bug. A read with the person
    (``OwnsDb.read_as_now``) that was refused brings the ``person`` as read with it."""

    error: BaseException
    done: Any = None
    person: CurrentUser | None = None


def failure_text(error: BaseException | None, *, doing: str = "read",
                 then: str = "Nothing was changed; try again (r).") -> str:
    """What to tell the person when a job failed: a refusal or the database out of reach
    as it is; anything else as the bug it is (amtui could not ``doing`` the database,
    then what they may do: ``then``)."""
    if isinstance(error, SAYS_WHY):
        return str(error)
    name = type(error).__name__ if error is not None else "an unknown error"
    detail = f": {error}" if error is not None and str(error) else ""
    return f"amtui could not {doing} the database ({name}{detail}). {then}"


class SerialDb:
    """Runs jobs one after another on one thread and posts what they come to to ``target``."""

    def __init__(self, target: MessagePump, name: str) -> None:
        self.target = target
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.kept: list[Kept] = []  # kept saves not yet made, in order (guarded by _lock)
        self.abandoned = threading.Event()  # amtui is closing: stop trying, hand them over
        self.last: Future | None = None  # jobs run in order: when this is done, all are
        self.unsent: threading.Event | None = None  # a redraw waited for in vain (the queue's thread)
        self.keys_held: list[Callable[[], None]] = []  # each releases the keys held for a job's answer

    def post(self, job: Callable[[], Any], done: Callable[[Any], Message] = _as_is, *,
             keep: bool | KeptSave = False, after_frame: bool = False, holds_keys: bool = False) -> None:
        """Queue ``job``; post ``done(result)`` to the screen when it has run (without
        ``done``: the message ``job`` returns), or ``DbFailed(error, done)`` when it
        raised. ``keep``: a save tried again until it is made (with its ``KeptSave``,
        journaled if amtui closes first); one that waits is told as ``JobWaiting`` whose
        ``context`` is ``done`` (what the save is about: a ``done`` that is an object with
        ``__call__`` can carry it). ``after_frame``, ``holds_keys``: see the module's docstring."""
        context = None if done is _as_is else done
        tag = getattr(job if context is None else done, "__qualname__", "job")
        if keep:
            entry = Kept(keep if isinstance(keep, KeptSave) else None, tag, context)
            with _lock:
                self.kept.append(entry)
                _holding[self] = None
            run = lambda: self._keeping(job, entry)  # noqa: E731
        else:
            run = job
        if after_frame or keep:  # a kept save is typed: its keystroke's redraw is sent first
            run = self._after(drawn_and_sent(self.target), run)
        future = self.last = self.executor.submit(run)
        answered = self._hold_keys() if holds_keys else None
        future.add_done_callback(lambda f: self._done(tag, f, done, answered))

    @property
    def busy(self) -> bool:
        """Jobs queued and not yet run (a kept save waiting for the database included): a
        change poll waits while a save is in hand."""
        return self.last is not None and not self.last.done()

    async def idle(self) -> None:
        """Wait until every job queued so far has run and the screen, then the app, have
        handled what it posted (jobs queued meanwhile included)."""
        loop = asyncio.get_running_loop()
        while True:
            last = self.last
            if last is not None:
                ran = asyncio.Event()
                last.add_done_callback(lambda _: loop.call_soon_threadsafe(ran.set))  # after _done posted
                await ran.wait()
            for pump in (self.target, self.target.app):  # the screen, then what bubbled up
                handled = asyncio.Event()
                pump.call_later(handled.set)  # queued behind the job's message
                await handled.wait()
            if self.last is last:
                return

    def _keeping(self, job: Callable[[], Any], entry: Kept) -> Any:
        while True:
            if self.abandoned.is_set():
                raise Journaled("amtui closed before this could be saved: it is kept in your "
                                "journal and saved at the next start.")
            try:
                result = job()
            except UNREACHABLE as error:
                self._tell_waiting(error)
                self.abandoned.wait(RETRY_SECONDS)
                continue
            except BaseException:
                self._forget(entry)  # refused by the rules, or a bug: reported, not kept
                raise
            self._forget(entry)
            return result

    def _tell_waiting(self, error: BaseException) -> None:
        """This save, and every kept save queued behind it, waits: the screen is told once
        for each, so that all of them show as unsaved."""
        with _lock:
            untold = [e for e in self.kept if not e.failed]
            for entry in untold:
                entry.failed = True
        for entry in untold:
            self.target.post_message(JobWaiting(entry.tag, error, entry.context))
        self._keys_go_on()  # the keys are not held while the drive is away

    def _forget(self, entry: Kept) -> None:
        with _lock:
            if entry in self.kept:
                self.kept.remove(entry)
            if not self.kept:
                _holding.pop(self, None)

    def _hold_keys(self) -> Callable[[], None] | None:
        """The keys typed from now on are held until the returned callable is called."""
        hold = getattr(getattr(self.target, "app", None), "key_hold", None)
        if hold is None:
            return None
        answered = hold.awaiting()
        with _lock:
            self.keys_held.append(answered)
        return answered

    def _keys_go_on(self, answered: Callable[[], None] | None = None) -> None:
        """The job's answer has been handled (``answered``), or the database is out of reach
        (every job's, None): the keys held for it are handed on."""
        with _lock:
            going = [answered] if answered is not None else list(self.keys_held)
            self.keys_held = [a for a in self.keys_held if a not in going]
        for release in going:
            release()

    def _done(self, tag: str, future: Future, done: Callable[[Any], Message],
              answered: Callable[[], None] | None = None) -> None:
        error = future.exception()
        if error is not None:
            log.info("job %s failed: %r", tag, error)
        if error is None:
            self.target.post_message(done(future.result()))
        else:
            self.target.post_message(DbFailed(error, done.message if isinstance(done, WithPerson) else done))
        if answered is not None and not self.target.call_later(self._keys_go_on, answered):
            self._keys_go_on(answered)  # the screen has closed: nothing will handle the answer


    def _after(self, drawn: threading.Event, run: Callable[[], Any]) -> Callable[[], Any]:
        """``run`` once ``drawn`` is set, after FRAME_WAIT_SECONDS at most; at once while an
        earlier redraw waited for in vain is still not sent (the terminal is not reading)."""
        def gated() -> Any:
            if self.unsent is None or self.unsent.is_set():
                self.unsent = None if drawn.wait(FRAME_WAIT_SECONDS) else drawn
            return run()

        return gated

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every job submitted so far has run (tests; never on the UI thread)."""
        return self.last is None or not futures.wait([self.last], timeout).not_done

    def close(self) -> None:
        """The screen is closing: queued saves are still made; kept ones go on being tried
        until they are made or amtui closes (then they go to the journal)."""
        self.executor.shutdown(wait=False, cancel_futures=False)


@dataclass(frozen=True)
class WithPerson:
    """``done`` for a read with the person (``OwnsDb.read_as_now``): posts ``message(person,
    found)``; a failure's ``DbFailed.done`` is ``message``, as for any other job, and a
    refusal's ``DbFailed`` carries the person too."""

    message: Callable[[CurrentUser, Any], Message]

    def __call__(self, found: tuple[CurrentUser, Any]) -> Message:
        person, outcome = found
        if isinstance(outcome, Refused):
            return DbFailed(outcome.error, self.message, person)
        return self.message(person, outcome)


@dataclass
class ChangeMade(Message):
    """A change queued with ``OwnsDb.change`` was made: ``said`` says what it did."""

    said: str


class OwnsDb(WatchesChanges):
    """Mixin for a screen: ``self.db``, its ordered database queue, started at first use
    and closed when the screen goes (saves still queued are made all the same); and
    ``watch_changes``, how it learns of others' saves (``ui.live_changes``)."""

    _db: SerialDb | None = None

    @property
    def db(self) -> SerialDb:
        if self._db is None:
            self._db = SerialDb(self, type(self).__name__)  # type: ignore[arg-type]
        return self._db

    def on_unmount(self) -> None:
        if self._db is not None:
            self._db.close()

    def read_as_now(self, reads: Callable[[CurrentUser], Any], done: Callable[[CurrentUser, Any], Message], *,
                    holds_keys: bool = False) -> None:
        """Queue a read for who the person is now: the session's person read afresh, then
        ``reads(person)``, in one job (``staff.with_person``); ``done(person, found)`` is
        posted. Its handler gives the person to ``app.know_user`` first, so the session, the
        title and the footer agree with what the screen shows and offers. A refused read
        posts ``DbFailed`` with the person, given to ``app.know_user`` here (``on_db_failed``).
        ``holds_keys``: the keys typed meanwhile wait for the answer (``SerialDb.post``)."""
        app = self.app  # type: ignore[attr-defined]
        user, today = app.user, app.today
        self.db.post(lambda: with_person(user, today, reads), done=WithPerson(done), holds_keys=holds_keys)

    def on_db_failed(self, event: DbFailed) -> None:
        """A read refused to who the person is now: the session learns who that is all the
        same (a role taken away, a leaver), so the title and footer no longer offer what is
        gone. Runs after the screen's own handler, which says why (in the same update)."""
        if event.person is not None:
            self.app.know_user(event.person)  # type: ignore[attr-defined]

    def change(self, call: Callable[[], Any], said: str | Callable[[Any], str]) -> None:
        """Queue a change, then the screen's ``action_refresh`` behind it (it reads what the
        change left); ``said`` (or ``said(result)``) is told once it is made. A refusal: the
        app says why."""
        self.db.post(call, done=lambda result: ChangeMade(said(result) if callable(said) else said))
        self.action_refresh()  # type: ignore[attr-defined]

    def on_change_made(self, event: ChangeMade) -> None:
        self.notify(event.said)  # type: ignore[attr-defined]


def unsaved(failed_only: bool = False) -> int:
    """How many kept saves are not made yet (``failed_only``: those that have failed)."""
    with _lock:
        return sum(1 for db in _holding for e in db.kept if e.failed or not failed_only)


def wait_for_saves(timeout: float) -> bool:
    """Give the saves in hand up to ``timeout`` seconds; True when none is left."""
    deadline = time.monotonic() + timeout
    while unsaved() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not unsaved()


def take_unsaved(grace: float = 1.0) -> tuple[list[KeptSave], int]:
    """amtui is closing: stop every kept save and hand over those not made, in order, to
    be journaled; also how many could not be journaled (kinds with no record).

    A save in the middle of an attempt is given ``grace`` seconds to finish it.
    """
    with _lock:
        holders = list(_holding)
    for db in holders:
        db.abandoned.set()
    for db in holders:
        if db.last is not None:
            futures.wait([db.last], grace)
    records, lost = [], 0
    with _lock:
        for db in holders:
            for entry in db.kept:
                if entry.record is None:
                    lost += 1
                else:
                    records.append(entry.record)
            db.kept.clear()
            _holding.pop(db, None)
    return records, lost
