"""What the meeting's step panels share: the meeting's context, the save job, and the
panel base class with its debounced text saving.

Every change is saved as it is made, one short transaction each, in the order made: the
screen hands each ``Job`` to its database queue (``ui.serial.OwnsDb``), so a fast
typist can never have an older text land after a newer one, and a save the drive is
not there for is kept and tried again. Text is saved after a short pause in typing and
when the field is left; the screen flushes every pending text before the step changes
or it closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer

from amtui.db import journal
from amtui.db.journal import KeptSave
from amtui.db.repo.meeting_agenda import Agenda
from amtui.db.repo.staff import CurrentUser

DEBOUNCE_SECONDS = 0.4
"""A pause in typing this long saves the text (it is also saved on leaving the field)."""


@dataclass(eq=False)
class Job:
    """One save: ``call`` runs on the screen's database queue; ``reload`` reads the agenda
    again after. Once made, it posts ``SaveMade`` (the job is the queue's ``done``: a save
    that waits or fails says which it was)."""

    call: Callable[[], object]
    what: str
    reload: bool = False
    then: Callable[[object], None] | None = None  # on the UI thread, with the result
    record: KeptSave | None = None  # the save as data, for the journal if amtui closes first

    def __call__(self, result: object) -> SaveMade:
        return SaveMade(self, result)


@dataclass
class SaveMade(Message):
    """A meeting's save was made: ``result`` is what its call returned."""

    job: Job
    result: object


@dataclass
class MeetingContext:
    """Who is changing which meeting, and how: panels build their saves from this and
    hand them to ``submit`` (the screen's queue)."""

    user: CurrentUser
    meeting_id: int
    today: dt.date
    submit: Callable[[Job], None]
    editable: bool = False
    amending: bool = False
    started: bool = False

    def clock(self) -> dt.datetime:
        """Now, on the app's (possibly pinned) date: start and end times come from here."""
        return dt.datetime.combine(self.today, dt.datetime.now().time()).replace(microsecond=0)


class StepPanel(Vertical):
    """One agenda step's panel. ``show`` fills it from the agenda (``first``: also the
    text fields, which are otherwise left alone so a reload never eats typing)."""

    ctx: MeetingContext | None = None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pending: dict[str, tuple[Timer, Job]] = {}

    def show(self, agenda: Agenda, first: bool) -> None:
        """Fill the panel from the agenda."""

    def set_editable(self, editable: bool) -> None:
        """Enable or disable the panel's inputs."""

    def save(self, call: Callable[[], object] | KeptSave, what: str, reload: bool = False,
             then: Callable[[object], None] | None = None) -> None:
        """Queue a save now (a tick, a rating, a choice); a ``KeptSave`` can be journaled."""
        if self.ctx is not None:
            self.ctx.submit(self._job(call, what, reload, then))

    def save_later(self, key: str, call: Callable[[], object] | KeptSave, what: str,
                   reload: bool = False) -> None:
        """Queue a text save after a pause in typing (a newer one for ``key`` replaces it)."""
        old = self._pending.pop(key, None)
        if old is not None:
            old[0].stop()
        timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.flush(key))
        self._pending[key] = (timer, self._job(call, what, reload))

    def _job(self, call: Callable[[], object] | KeptSave, what: str, reload: bool = False,
             then: Callable[[object], None] | None = None) -> Job:
        if not isinstance(call, KeptSave):
            return Job(call, what, reload, then)
        user, record = self.ctx.user if self.ctx else None, call
        return Job(lambda: journal.apply(user, record), what, reload, then, record)

    def flush(self, key: str | None = None) -> None:
        """Queue the pending text saves now (one key, or all)."""
        for name in [key] if key is not None else list(self._pending):
            pending = self._pending.pop(name, None)
            if pending is not None and self.ctx is not None:
                pending[0].stop()
                self.ctx.submit(pending[1])

    def on_unmount(self) -> None:
        self.flush()  # closing (or quitting) mid-typing still saves what was typed

    @property
    def typing(self) -> bool:
        """Text waiting for its pause to be saved."""
        return bool(self._pending)

    def refused(self) -> bool:
        """True (and says why) when this meeting cannot be changed now."""
        if self.ctx is not None and self.ctx.editable:
            return False
        self.app.notify("This meeting is read-only here (see the top line).", severity="warning")
        return True
