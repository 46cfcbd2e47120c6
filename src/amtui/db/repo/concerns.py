"""The AMT's review after a progress return: the pupils causing concern, each with why.

A pupil's subjects are compared with their targets (``domain.programme``): in one return
window when it is named, otherwise each subject's latest return (the window with the
latest due date holding one). The target is the end-of-year target of the current
academic year, else the end-of-key-stage one (the newest set). Pupils already on the
programme or marked for monitoring stay on the list. A handful of queries whatever the
school's size: the review of a 1,200-pupil school takes well under a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from amtui.db.connection import database, read
from amtui.db.models import AcademicYear, LongTermTarget, ProgressReturn, Pupil, ReturnWindow, Subject
from amtui.db.repo.programme import mentors_now, open_kinds_in
from amtui.domain import programme as rules
from amtui.domain.errors import UserFacingError
from amtui.domain.names import pupil_name

TARGET_ORDER = {"year": 0, "ks4": 1, "ks3": 2}
"""Which target a return is compared with, first found first."""


@dataclass(frozen=True)
class Concern:
    """One pupil on the AMT's list."""

    pupil_id: int
    upn: str
    surname: str
    forename: str
    year_group: int
    subjects_below: tuple[str, ...]
    reason: str
    kinds: frozenset[rules.Kind]
    mentor: str

    @property
    def name(self) -> str:
        return pupil_name(self.forename, self.surname)

    @property
    def status(self) -> str:
        """Where the pupil stands: 'On the programme', 'HoY monitoring', ... or ''."""
        return ", ".join(kind.title for kind in rules.Kind if kind in self.kinds)


def _window_id(start_year: int, name: str) -> int:
    row = (ReturnWindow.select(ReturnWindow.id).join(AcademicYear)
           .where((AcademicYear.start_year == start_year) & (ReturnWindow.name == name)).scalar())
    if row is None:
        raise UserFacingError(f"There is no return called '{name}' this year.")
    return row


def returns_in(window_id: int | None, day: dt.date, pupil_id: int | None = None) -> dict[tuple[int, int], tuple[str, str]]:
    """(pupil, subject) -> (projected, aob): the named window's, or each latest by due date."""
    rows = (ProgressReturn.select(ProgressReturn.pupil, ProgressReturn.subject, ProgressReturn.projected,
                                  ProgressReturn.aob)
            .join(ReturnWindow))
    if pupil_id is not None:
        rows = rows.where(ProgressReturn.pupil == pupil_id)
    if window_id is not None:
        rows = rows.where(ReturnWindow.id == window_id)
    else:
        rows = rows.where(ReturnWindow.opens <= day).order_by(ReturnWindow.due, ReturnWindow.id)
    # The raw cursor: tens of thousands of rows of plain text and ids need no conversion.
    return {(pupil, subject): (projected, aob) for pupil, subject, projected, aob in database.execute(rows)}


def targets_in(start_year: int, pupil_id: int | None = None) -> dict[tuple[int, int], str]:
    """(pupil, subject) -> the target a return is compared with."""
    year_id = AcademicYear.select(AcademicYear.id).where(AcademicYear.start_year == start_year).scalar()
    rows = (LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.subject, LongTermTarget.kind,
                                  LongTermTarget.academic_year, LongTermTarget.substage)
            .order_by(LongTermTarget.set_at, LongTermTarget.id))
    if pupil_id is not None:
        rows = rows.where(LongTermTarget.pupil == pupil_id)
    best: dict[tuple[int, int], tuple[int, str]] = {}
    for pupil, subject, kind, year, label in database.execute(rows):
        if kind == "year" and year != year_id:
            continue
        rank = TARGET_ORDER.get(kind, 9)
        key = (pupil, subject)
        if key not in best or rank <= best[key][0]:
            best[key] = (rank, label)
    return {key: label for key, (_, label) in best.items()}


def concerns(start_year: int, day: dt.date, threshold: int, return_name: str | None = None) -> list[Concern]:
    """The pupils causing concern on ``day``: by year group, then most subjects below, then name."""
    def query() -> list[Concern]:
        window = _window_id(start_year, return_name) if return_name else None
        returns = returns_in(window, day)
        targets = targets_in(start_year)
        subjects = dict(Subject.select(Subject.id, Subject.name).tuples())
        per_pupil: dict[int, list[rules.SubjectReturn]] = {}
        for (pupil, subject), (projected, aob) in returns.items():
            per_pupil.setdefault(pupil, []).append(rules.SubjectReturn(
                subjects.get(subject, "?"), projected, aob, targets.get((pupil, subject), "")))
        kinds = open_kinds_in(day)
        pupils = database.execute(Pupil.select(Pupil.id, Pupil.upn, Pupil.surname, Pupil.forename,
                                               Pupil.year_group).where(Pupil.left_on.is_null()))
        found = []
        for pid, upn, surname, forename, year in pupils:
            if pid not in per_pupil and pid not in kinds:
                continue
            below = tuple(sorted(rules.subjects_below(per_pupil.get(pid, ()))))
            reason = rules.concern_reason(year, len(below), threshold, pid in kinds)
            if reason is not None:
                found.append(Concern(pid, upn, surname, forename, year, below, reason,
                                     frozenset(kinds.get(pid, ())), ""))
        mentors = mentors_now()
        found = [replace(c, mentor=mentors.get(c.pupil_id, "")) for c in found]
        return sorted(found, key=lambda c: (c.year_group, -len(c.subjects_below), c.surname.lower(),
                                            c.forename.lower()))

    return read(query)


@dataclass(frozen=True)
class LatestReturn:
    """One subject's latest return for a pupil, against its target (the meeting's evidence)."""

    subject: str
    returned: str  # the projected grade, or A, O or B
    target: str
    below: bool


def pupil_returns(pupil_id: int, start_year: int, day: dt.date) -> tuple[LatestReturn, ...]:
    """Each subject's latest return for one pupil, by subject name (call inside a read)."""
    returns, targets = returns_in(None, day, pupil_id), targets_in(start_year, pupil_id)
    subjects = dict(Subject.select(Subject.id, Subject.name).tuples())
    found = []
    for (_, subject), (projected, aob) in returns.items():
        target = targets.get((pupil_id, subject), "")
        below = rules.is_below(rules.SubjectReturn("", projected, aob, target))
        found.append(LatestReturn(subjects.get(subject, "?"), projected or aob, target, below))
    return tuple(sorted(found, key=lambda s: s.subject))
