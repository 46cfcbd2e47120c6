"""The read-only parts of a pupil's file: weekly tests, interventions, meetings and the audit.

Weekly tests and meetings are entered on their own screens; the pupil's file lists them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import (
    AuditEntry, Criterion, Intervention, InterventionAssignment, InterventionCriterion, Meeting, Staff,
    Subject, WeeklyResult,
)
from amtui.db.repo import tracking
from amtui.db.repo.school import load_settings
from amtui.domain import weekly
from amtui.domain.ryg import RYG
from amtui.domain.scale import default_scale
from amtui.domain.text import printable

# --- weekly basic skills tests ---------------------------------------------------------------


@dataclass(frozen=True)
class Sitting:
    sat_on: dt.date
    level: str
    test: int
    score: int | None  # None: absent
    colour: RYG | None

    @property
    def score_text(self) -> str:
        return "absent" if self.score is None else str(self.score)


@dataclass(frozen=True)
class WeeklyHistory:
    """The pupil's level and where they stand in it, and every sitting, newest first."""

    level: str
    next_test: int
    greens_in_row: int
    promotion_due: bool
    sittings: tuple[Sitting, ...]

    @property
    def last3(self) -> tuple[Sitting, ...]:
        return self.sittings[:3]


def pupil_weekly(pupil_id: int) -> WeeklyHistory | None:
    """None when the pupil sits no weekly tests (no level and no result)."""
    settings = load_settings()
    rows = read(lambda: list(WeeklyResult.select(WeeklyResult.sat_on, WeeklyResult.level, WeeklyResult.test,
                                                 WeeklyResult.score)
                             .where(WeeklyResult.pupil == pupil_id)
                             .order_by(WeeklyResult.sat_on.desc(), WeeklyResult.id.desc()).tuples()))
    sittings = []
    for sat_on, level, test, score in rows:
        try:
            colour = weekly.score_colour(score, settings) if score is not None else None
        except ValueError:  # a score above today's maximum: shown, not coloured
            colour = None
        sittings.append(Sitting(sat_on, level, test, score, colour))
    standing = tracking.weekly_positions(pupil_ids=[pupil_id], settings=settings)
    if standing:
        row = standing[0]
        return WeeklyHistory(row.level, row.next_test, row.greens_in_row, row.promotion_due, tuple(sittings))
    if sittings:  # a leaver, or a damaged level: the history without the standing
        return WeeklyHistory(sittings[0].level, 0, 0, False, tuple(sittings))
    return None


# --- interventions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterventionInfo:
    name: str
    subject: str
    staff: str
    start: dt.date
    end: dt.date | None
    start_substage: str
    end_substage: str
    steps: int | None  # gained start -> end, once ended
    review: str
    criteria: tuple[str, ...]  # refs aimed at


def _steps(start: str, end: str) -> int | None:
    scale = default_scale()
    try:
        return scale.steps_between(scale.parse(start), scale.parse(end)) if start and end else None
    except ValueError:
        return None


def pupil_interventions(pupil_id: int) -> list[InterventionInfo]:
    """Current and past interventions, current first then newest."""

    def query() -> list[InterventionInfo]:
        rows = (InterventionAssignment.select(InterventionAssignment.id, Intervention.name, Subject.name,
                                              Staff.name, InterventionAssignment.start,
                                              InterventionAssignment.end, InterventionAssignment.start_substage,
                                              InterventionAssignment.end_substage, InterventionAssignment.review)
                .join(Intervention).join(Subject, JOIN.LEFT_OUTER).switch(InterventionAssignment)
                .join(Staff, JOIN.LEFT_OUTER, on=(InterventionAssignment.staff == Staff.id))
                .where(InterventionAssignment.pupil == pupil_id))
        refs: dict[int, list[str]] = {}
        for assignment, ref in (InterventionCriterion.select(InterventionCriterion.assignment, Criterion.ref)
                                .join(Criterion).join_from(InterventionCriterion, InterventionAssignment)
                                .where(InterventionAssignment.pupil == pupil_id)
                                .order_by(Criterion.ref).tuples()):
            refs.setdefault(assignment, []).append(ref)
        found = [InterventionInfo(name, subject or "", staff or "", start, end, s1, s2, _steps(s1, s2) if end else None,
                                  review, tuple(refs.get(aid, ())))
                 for aid, name, subject, staff, start, end, s1, s2, review in rows.tuples()]
        return sorted(found, key=lambda i: (i.end is not None, -i.start.toordinal()))

    return read(query)


# --- meetings (read-only here: the meeting screens run them) -----------------------------------------


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    when: dt.datetime | None
    mentor: str
    status: str
    minutes: int | None
    extra: bool
    outcome: str
    next_meeting_on: dt.date | None


def pupil_meetings(pupil_id: int) -> list[MeetingInfo]:
    """Every meeting, newest first (scheduled ones by their date)."""

    def query() -> list[MeetingInfo]:
        rows = (Meeting.select(Meeting.id, Meeting.started_at, Meeting.scheduled_for, Meeting.ended_at, Staff.name,
                               Meeting.status, Meeting.extra, Meeting.outcome, Meeting.summary,
                               Meeting.next_meeting_on)
                .join(Staff, on=(Meeting.mentor == Staff.id)).where(Meeting.pupil == pupil_id))
        found = []
        for mid, started, scheduled, ended, mentor, status, extra, outcome, summary, next_on in rows.tuples():
            minutes = round((ended - started).total_seconds() / 60) if started and ended else None
            found.append(MeetingInfo(mid, started or scheduled, mentor, status, minutes, bool(extra),
                                     outcome or summary, next_on))
        return sorted(found, key=lambda m: m.when or dt.datetime.max, reverse=True)

    return read(query)


# --- the audit trail --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditInfo:
    """One audit entry as shown. The stored detail is JSON, whose ``\u001b`` decodes back to
    a real ESC: every text here is drawn visibly (amtui.domain.text) so none reaches the
    terminal, while the entry itself stays exactly as the chain recorded it."""

    at: dt.datetime
    login: str
    action: str
    detail: str

    def __post_init__(self) -> None:
        for name in ("login", "action", "detail"):
            object.__setattr__(self, name, printable(getattr(self, name), most=None))


def readable_detail(text: str, subjects: Mapping[int, str] | None = None) -> str:
    """The stored JSON as "key value" pairs, a subject by its name (``subjects``)."""
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return text
    if not isinstance(found, dict):
        return str(found)
    named = subjects or {}
    return "; ".join(f"{key} {named.get(value, value) if key == 'subject' else value}"
                     for key, value in found.items() if value not in (None, "", []))


def names_for_trail() -> tuple[dict[str, str], dict[int, str]]:
    """(login -> the person's name, subject id -> its name): a trail names people and
    subjects as every other screen does ("You (demo)", "Maths"), not "root", "subject 3"."""
    people = dict(Staff.select(Staff.username, Staff.name).tuples())
    return people, dict(Subject.select(Subject.id, Subject.name).tuples())


def _codes_detail(text: str, pupil_id: int, refs: dict[int, str]) -> str | None:
    """A ``mark.set`` entry's codes for this pupil: "R2/4 X, R2/5 blank (grid)"; None if none."""
    try:
        found = json.loads(text)
        mine = [c for c in found.get("cells", []) if len(c) == 3 and c[0] == pupil_id]
    except (ValueError, AttributeError, TypeError):
        return None
    if not mine:
        return None  # the id matched some other number in the text
    codes = ", ".join(f"{refs.get(c[1], c[1])} {c[2] or 'blank'}" for c in mine)
    return f"{codes} ({found.get('source', '')})"


def pupil_audit(pupil_id: int, limit: int = 200) -> list[AuditInfo]:
    """Changes to the pupil's records, newest first: every entry linked to the pupil
    (code entries show the pupil's codes by criterion ref)."""
    fields = (AuditEntry.at, AuditEntry.login, AuditEntry.action, AuditEntry.detail)

    def query() -> list[AuditInfo]:
        rows = list(AuditEntry.select(*fields).where(AuditEntry.pupil == pupil_id)
                    .order_by(AuditEntry.id.desc()).limit(limit).tuples())
        refs = (dict(Criterion.select(Criterion.id, Criterion.ref).tuples())
                if any(action == "mark.set" for _, _, action, _ in rows) else {})
        people, subjects = names_for_trail()
        found = []
        for at, login, action, detail in rows:
            codes = _codes_detail(detail, pupil_id, refs) if action == "mark.set" else None
            found.append(AuditInfo(at, people.get(login, login), action, codes or readable_detail(detail, subjects)))
        return found

    return read(query)
