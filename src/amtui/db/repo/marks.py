"""Recording dot/line/cross codes: the one write path for the grid, tests and Big Write.

The history is append-only. Two people may mark the same cell at once: both entries
stay in the history, the newest wins, and a save that replaced someone else's entry
which the saver had not seen reports it, so the screen can say so (nothing is lost
silently).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import JOIN, fn

from amtui.db.audit import audit
from amtui.db.connection import write
from amtui.db.models import CriterionMark, HalfTerm, Pupil, Staff, now
from amtui.db.repo.school import HalfTermInfo
from amtui.db.repo.staff import CurrentUser
from amtui.domain.codes import Code
from amtui.domain.permissions import Action, NotAllowed, locked_refusal, require


@dataclass(frozen=True)
class CodeChange:
    """One cell to set. ``seen_id`` is the newest entry of this cell in this half-term
    that the user's screen showed (None when it showed none)."""

    pupil_id: int
    criterion_id: int
    code: Code
    seen_id: int | None = None


@dataclass(frozen=True)
class Replaced:
    """An entry that a save replaced without the saver's screen having shown it: someone
    else's, or the same login's in another session (``staff_id`` tells which)."""

    id: int
    code: Code
    staff_name: str
    recorded_at: dt.datetime
    staff_id: int | None = None


@dataclass(frozen=True)
class SavedCode:
    id: int
    pupil_id: int
    criterion_id: int
    code: Code
    recorded_at: dt.datetime
    replaced: Replaced | None = None


def check_half_term_open(user: CurrentUser, half_term_id: int) -> None:
    """Refuse changes to a locked half-term unless the user is SLT (call inside the txn)."""
    row = HalfTerm.get_by_id(half_term_id)
    if row.locked_at is not None:
        who = row.locked_by.name if row.locked_by_id else "SLT"
        why = locked_refusal(user.roles, f"HT{row.number}", who, row.lock_reason)
        if why:
            raise NotAllowed(why)


def check_pupils_editable(user: CurrentUser, pupil_ids: set[int], action: Action) -> None:
    """Refuse when any pupil is outside the user's classes and the role is class-scoped."""
    classes = {p.school_class_id for p in Pupil.select(Pupil.school_class).where(Pupil.id.in_(pupil_ids))}
    in_scope = all(class_id in user.class_ids for class_id in classes)
    require(user.roles, action, in_scope=in_scope)


def _newest_entries(half_term_id: int, changes: Sequence[CodeChange]) -> dict[tuple[int, int], CriterionMark]:
    pupils = {c.pupil_id for c in changes}
    criteria = {c.criterion_id for c in changes}
    newest_ids = (
        CriterionMark.select(fn.MAX(CriterionMark.id))
        .where(
            (CriterionMark.half_term == half_term_id)
            & CriterionMark.pupil.in_(pupils)
            & CriterionMark.criterion.in_(criteria)
        )
        .group_by(CriterionMark.pupil, CriterionMark.criterion)
    )
    rows = (
        CriterionMark.select(CriterionMark, Staff)
        .join(Staff, JOIN.LEFT_OUTER, on=(CriterionMark.staff == Staff.id), attr="by")
        .where(CriterionMark.id.in_(newest_ids))
    )
    return {(row.pupil_id, row.criterion_id): row for row in rows}


def save_codes(
    user: CurrentUser, half_term: HalfTermInfo, changes: Sequence[CodeChange], source: str = "grid"
) -> list[SavedCode]:
    """Append one entry per change in one short transaction; raises NotAllowed with the reason."""
    if not changes:
        return []

    def transaction() -> list[SavedCode]:
        check_half_term_open(user, half_term.id)
        check_pupils_editable(user, {c.pupil_id for c in changes}, Action.EDIT_MARKS)
        newest = _newest_entries(half_term.id, changes)
        stamp = now()
        saved = []
        for change in changes:
            before = newest.get((change.pupil_id, change.criterion_id))
            replaced = None
            # Not "someone else's": the same login in a second session is told too. The
            # screen knows which entries it saved itself (a save still on its way).
            if before is not None and before.id != change.seen_id:
                name = before.by.name if before.staff_id else f"an {before.source}"
                replaced = Replaced(before.id, Code(before.code), name, before.recorded_at, before.staff_id)
            row = CriterionMark.create(
                pupil=change.pupil_id, criterion=change.criterion_id, half_term=half_term.id,
                code=change.code.value, staff=user.staff_id, recorded_at=stamp, source=source,
            )
            saved.append(SavedCode(row.id, change.pupil_id, change.criterion_id, change.code, stamp, replaced))
        audit(
            user.login, "mark.set", "half_term", half_term.id, source=source,
            cells=[[c.pupil_id, c.criterion_id, c.code.value] for c in changes],
        )
        return saved

    return write(transaction)
