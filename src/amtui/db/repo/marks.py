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
from amtui.db.compiled import compiled
from amtui.db.connection import write
from amtui.db.models import Criterion, CriterionMark, Staff, now
from amtui.db.repo.groups import placements_in
from amtui.db.repo.school import HalfTermInfo, half_term_as_saved
from amtui.db.repo.membership import half_term_day
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.domain.codes import Code
from amtui.domain.permissions import Action, Placement, may_enter


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


def check_entry(user: CurrentUser, action: Action, pupil_ids: set[int], half_term_id: int | None,
                today: dt.date | None, subject_id: int | None = None) -> None:
    """Refuse (NotAllowed, with the reason) unless ``may_enter`` lets the user enter every
    one of these pupils' records (in ``subject_id``; None: a record of no subject, such as
    attitude) at this half-term. Call inside the write transaction, so a lock set a moment
    ago counts.

    Who is in which class and who teaches it are the links open on the half-term's day
    (today, or the last day of a past half-term): a teacher who moved classes corrects their
    old class's marks for a half-term they taught it, never the new class's before they did."""
    state = half_term_as_saved(half_term_id) if half_term_id is not None else None
    day = today or dt.date.today()
    if state is not None:
        day = half_term_day(state, day)
    places = placements_in(pupil_ids, subject_id, day)
    me = as_now(user, day)
    for pupil_id in sorted(pupil_ids):
        place = places.get(pupil_id, Placement(None, 0, subject_id))
        may_enter(me.roles, action, remit=me.remit, place=place, half_term=state, today=today).enforce()


def check_marks(user: CurrentUser, changes: Sequence[CodeChange], half_term_id: int,
                today: dt.date | None, subjects: dict[int, int]) -> None:
    """``check_entry`` for codes, subject by subject (``subjects``: each criterion's, as
    saved: ``_cells_now``)."""
    by_subject: dict[int | None, set[int]] = {}
    for change in changes:
        by_subject.setdefault(subjects.get(change.criterion_id), set()).add(change.pupil_id)
    for subject_id, pupils in by_subject.items():
        check_entry(user, Action.EDIT_MARKS, pupils, half_term_id, today, subject_id)


@dataclass(frozen=True)
class _Newest:
    """The newest entry of a cell, as a save weighs it (who made it, when)."""

    id: int
    code: str
    staff_id: int | None
    recorded_at: dt.datetime
    source: str
    staff_name: str | None


@compiled
def _cells_rows(half_term, pupils, criteria):
    """Each criterion with its subject, and the newest entry of each of its cells among
    ``pupils`` in the half-term (none yet: one row of NULLs): one statement, not two."""
    newest_ids = (
        CriterionMark.select(fn.MAX(CriterionMark.id))
        .where((CriterionMark.half_term == half_term) & CriterionMark.pupil.in_(pupils)
               & CriterionMark.criterion.in_(criteria))
        .group_by(CriterionMark.pupil, CriterionMark.criterion)
    )
    newest = (CriterionMark.select(CriterionMark.pupil, CriterionMark.criterion, CriterionMark.id, CriterionMark.code,
                                   CriterionMark.staff, CriterionMark.recorded_at, CriterionMark.source, Staff.name)
              .join(Staff, JOIN.LEFT_OUTER, on=(CriterionMark.staff == Staff.id))
              .where(CriterionMark.id.in_(newest_ids))).alias("newest")
    return (Criterion.select(Criterion.id, Criterion.subject, newest.c.pupil_id, newest.c.id, newest.c.code,
                             newest.c.staff_id, newest.c.recorded_at, newest.c.source, newest.c.name)
            .join(newest, JOIN.LEFT_OUTER, on=(newest.c.criterion_id == Criterion.id))
            .where(Criterion.id.in_(criteria)))


@compiled
def _append(pupil, criterion, half_term, code, staff, recorded_at, source):
    return CriterionMark.insert(pupil=pupil, criterion=criterion, half_term=half_term, code=code, staff=staff,
                                recorded_at=recorded_at, source=source)


RECORDED_AT = CriterionMark.recorded_at.python_value
"""How an entry's time is read (the sub-query's columns are given as the driver reads them)."""


def _cells_now(half_term_id: int, changes: Sequence[CodeChange]
               ) -> tuple[dict[int, int], dict[tuple[int, int], _Newest]]:
    """(criterion -> its subject, (pupil, criterion) -> the cell's newest entry), as saved."""
    rows = _cells_rows(half_term=half_term_id, pupils={c.pupil_id for c in changes},
                       criteria={c.criterion_id for c in changes})
    subjects, newest = {}, {}
    for criterion, subject, pupil, entry_id, code, staff_id, recorded_at, source, staff_name in rows:
        subjects[criterion] = subject
        if entry_id is not None:  # read as the sub-query gives it: a file's time is text
            newest[(pupil, criterion)] = _Newest(entry_id, code, staff_id, RECORDED_AT(recorded_at), source,
                                                 staff_name)
    return subjects, newest


def save_codes(
    user: CurrentUser, half_term: HalfTermInfo, changes: Sequence[CodeChange], source: str = "grid",
    today: dt.date | None = None,
) -> list[SavedCode]:
    """Append one entry per change in one short transaction; raises NotAllowed with the
    reason when ``may_enter`` refuses (``today``: the date the half-term must have started by)."""
    if not changes:
        return []

    def transaction() -> list[SavedCode]:
        subjects, newest = _cells_now(half_term.id, changes)  # nothing is shown before the check
        check_marks(user, changes, half_term.id, today, subjects)
        stamp = now()
        saved = []
        for change in changes:
            before = newest.get((change.pupil_id, change.criterion_id))
            replaced = None
            # Not "someone else's": the same login in a second session is told too. The
            # screen knows which entries it saved itself (a save still on its way).
            if before is not None and before.id != change.seen_id:
                name = before.staff_name if before.staff_id else f"an {before.source}"
                replaced = Replaced(before.id, Code(before.code), name, before.recorded_at, before.staff_id)
            row_id = _append(pupil=change.pupil_id, criterion=change.criterion_id, half_term=half_term.id,
                             code=change.code.value, staff=user.staff_id, recorded_at=stamp, source=source)
            saved.append(SavedCode(row_id, change.pupil_id, change.criterion_id, change.code, stamp, replaced))
        audit(
            user.login, "mark.set", "half_term", half_term.id, source=source,
            cells=[[c.pupil_id, c.criterion_id, c.code.value] for c in changes],
        )
        return saved

    return write(transaction)
