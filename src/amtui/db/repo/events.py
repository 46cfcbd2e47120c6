"""Rewards, certificates and sanctions on a pupil's file: listed, and logged in one keystroke's
transaction (any member of staff may log one, for any pupil; it is audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import Pupil, RecordEvent, Staff
from amtui.db.repo.staff import CurrentUser, roles_now
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, NotAllowed, require
from amtui.domain.text import checked, limit

EVENT_KINDS = ("reward", "certificate", "sanction")
MAX_TEXT = limit("event")


@dataclass(frozen=True)
class EventInfo:
    id: int
    kind: str
    text: str
    staff: str
    recorded_at: dt.datetime


def pupil_events(pupil_id: int) -> list[EventInfo]:
    """The pupil's rewards, certificates and sanctions, newest first."""
    rows = (RecordEvent.select(RecordEvent.id, RecordEvent.kind, RecordEvent.text, Staff.name,
                               RecordEvent.recorded_at)
            .join(Staff, JOIN.LEFT_OUTER, on=(RecordEvent.staff == Staff.id))
            .where(RecordEvent.pupil == pupil_id)
            .order_by(RecordEvent.recorded_at.desc(), RecordEvent.id.desc()))
    return read(lambda: [EventInfo(i, kind, text, name or "", at) for i, kind, text, name, at in rows.tuples()])


def counts(events: list[EventInfo]) -> dict[str, int]:
    """How many of each kind, in EVENT_KINDS order."""
    return {kind: sum(1 for e in events if e.kind == kind) for kind in EVENT_KINDS}


def log_event(user: CurrentUser, pupil_id: int, kind: str, text: str) -> int:
    """Add a reward, certificate or sanction; ValueError for bad input, NotAllowed when refused."""
    text = " ".join(text.split())
    if kind not in EVENT_KINDS:
        raise UserFacingError(f"'{kind}' is not one of {', '.join(EVENT_KINDS)}.")
    if not text:
        raise UserFacingError(f"Say what the {kind} is for.")
    checked("event", text)

    def change() -> int:
        require(roles_now(user), Action.LOG_EVENT)  # as they are now, not at login
        if not Pupil.select().where(Pupil.id == pupil_id).exists():
            raise NotAllowed("That pupil is no longer on the record.")
        row = RecordEvent.create(pupil=pupil_id, kind=kind, text=text, staff=user.staff_id)
        audit(user.login, "event.log", "pupil", pupil_id, event=row.id, kind=kind, text=text)
        return row.id

    return write(change)
