"""SLT monitoring for a half-term: meetings per mentor, status shares per class and
subject, and which classes still lack this half-term's assessments.

Set-based for a whole school: a handful of queries (assignments, meetings, marks of
the half-term, the tracking positions) grouped in Python; no query per pupil.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from amtui.db.connection import read
from amtui.db.models import ClassStaff, Criterion, CriterionMark, Meeting, MentorAssignment, Pupil, Staff
from amtui.db.repo import school, tracking
from amtui.db.repo.pupils import MeetingClock
from amtui.db.repo.school import HalfTermInfo
from amtui.db.repo.staff import links_open_on
from amtui.db.repo.tracking import TrackingRow
from amtui.domain import agenda
from amtui.domain.monitoring import MentorFigures, StatusShares, shares


@dataclass(frozen=True)
class ClassSubjectRow:
    class_id: int
    class_name: str
    year_group: int
    subject: str
    shares: StatusShares
    pupils: int  # with a working stage in the subject


@dataclass(frozen=True)
class ChaseRow:
    """A class and subject whose half-term assessments are not all in."""

    class_name: str
    subject: str
    teachers: str
    assessed: int
    pupils: int


@dataclass(frozen=True)
class MonitorData:
    half_term: HalfTermInfo
    as_of: dt.date
    mentors: tuple[MentorFigures, ...]
    classes: tuple[ClassSubjectRow, ...]
    chasing: tuple[ChaseRow, ...]
    without_mentor: int


def window(ht: HalfTermInfo) -> tuple[dt.date, dt.date]:
    """The days that count for a half-term: its own and the holiday after it."""
    terms = school.half_terms(ht.year)
    following = next((t for t in terms if t.number == ht.number + 1), None)
    last = following.start - dt.timedelta(days=1) if following else dt.date(ht.year + 1, 8, 31)
    return ht.start, last


def as_of(ht: HalfTermInfo, today: dt.date) -> dt.date:
    """The day the figures are for: today while the half-term runs, else just after it
    (so a meeting not held in a past half-term counts as overdue)."""
    first, last = window(ht)
    if today < first:
        return first
    return today if today <= last else ht.end + dt.timedelta(days=1)


def _mentees(day: dt.date) -> dict[int, int]:
    """pupil -> mentor on ``day`` (pupils on roll)."""
    rows = (MentorAssignment.select(MentorAssignment.pupil, MentorAssignment.mentor)
            .join(Pupil).where(Pupil.left_on.is_null(), MentorAssignment.start <= day,
                               MentorAssignment.end.is_null() | (MentorAssignment.end > day))
            .order_by(MentorAssignment.start, MentorAssignment.id))
    return dict(rows.tuples())


def _meetings(first: dt.date, last: dt.date, day: dt.date):
    """(meetings done in the window, latest finished meeting per pupil up to ``day``)."""
    done = list(Meeting.select(Meeting.mentor, Meeting.started_at, Meeting.ended_at)
                .where((Meeting.status == "done") & Meeting.ended_at.between(
                    dt.datetime.combine(first, dt.time.min), dt.datetime.combine(last, dt.time.max)))
                .tuples())
    latest: dict[int, dt.date] = {}
    for pid, ended in (Meeting.select(Meeting.pupil, Meeting.ended_at)
                       .where((Meeting.status == "done") & Meeting.ended_at.is_null(False)
                              & (Meeting.ended_at <= dt.datetime.combine(day, dt.time.max))).tuples()):
        if pid not in latest or ended.date() > latest[pid]:
            latest[pid] = ended.date()
    return done, latest


def _assessed(ht: HalfTermInfo) -> set[tuple[int, int]]:
    """(pupil, subject) with any code recorded in the half-term."""
    return set(CriterionMark.select(CriterionMark.pupil, Criterion.subject).join(Criterion)
               .where(CriterionMark.half_term == ht.id).distinct().tuples())


def _teachers(day: dt.date) -> dict[int, str]:
    """Each class's teachers on ``day`` (a teacher who has moved on is not named)."""
    names: dict[int, list[str]] = defaultdict(list)
    for cid, name in (ClassStaff.select(ClassStaff.school_class, Staff.name).join(Staff)
                      .where((ClassStaff.role == "teacher") & links_open_on(day)).order_by(Staff.name).tuples()):
        names[cid].append(name)
    return {cid: ", ".join(found) for cid, found in names.items()}


def tracking_rows(ht: HalfTermInfo, today: dt.date) -> list[TrackingRow]:
    """The tracking rows monitoring counts: each pupil's class on the day the figures are for."""
    return tracking.pupil_subject_positions(ht, on=min(as_of(ht, today), ht.end))


def monitor(ht: HalfTermInfo, today: dt.date, rows: list[TrackingRow] | None = None) -> MonitorData:
    """The monitoring figures for half-term ``ht`` (as of today while it runs); ``rows``: its
    :func:`tracking_rows` when the caller has read them already (the trust view shares them
    with the leaders' analysis)."""
    day = as_of(ht, today)
    first, last = window(ht)
    clock = MeetingClock(day)
    positions = tracking_rows(ht, today) if rows is None else rows

    def query():
        on_roll = {pid for (pid,) in Pupil.select(Pupil.id).where(Pupil.left_on.is_null()).tuples()}
        return (_mentees(day), _meetings(first, last, day), _assessed(ht), _teachers(min(day, ht.end)),
                dict(Staff.select(Staff.id, Staff.name).tuples()), on_roll)

    mentor_of, (done, latest), assessed, teachers, staff, on_roll = read(query)
    return MonitorData(ht, day, _mentor_rows(mentor_of, done, latest, clock, positions, staff),
                       _class_rows(positions), _chase_rows(positions, assessed, teachers),
                       len(on_roll - set(mentor_of)))


def _mentor_rows(mentor_of: dict[int, int], done: list, latest: dict[int, dt.date],
                 clock: MeetingClock, positions: list[TrackingRow],
                 staff: dict[int, str]) -> tuple[MentorFigures, ...]:
    by_mentor: dict[int, list[int]] = defaultdict(list)
    for pid, mentor in mentor_of.items():
        by_mentor[mentor].append(pid)
    held: dict[int, list[int]] = defaultdict(list)
    for mentor, started, ended in done:
        held[mentor].append(agenda.minutes(started, ended))
    statuses: dict[int, list] = defaultdict(list)
    for row in positions:
        if row.pupil_id in mentor_of:
            statuses[mentor_of[row.pupil_id]].append(row.status)
    rows = []
    for mentor in set(by_mentor) | set(held):
        dues = [clock.due(latest.get(pid)) for pid in by_mentor.get(mentor, [])]
        rows.append(MentorFigures(
            mentor, staff.get(mentor, "?"), len(dues), len(held.get(mentor, [])),
            sum(1 for d in dues if d.due_now and not d.overdue), sum(1 for d in dues if d.overdue),
            tuple(m for m in held.get(mentor, []) if m is not None), shares(statuses.get(mentor, []))))
    return tuple(sorted(rows, key=lambda r: (-r.overdue, r.mentor.lower())))


def _class_rows(positions: list[TrackingRow]) -> tuple[ClassSubjectRow, ...]:
    groups: dict[tuple, list[TrackingRow]] = defaultdict(list)
    for row in positions:
        if row.pupil.class_id is not None:
            groups[(row.pupil.year_group, row.pupil.class_name, row.pupil.class_id, row.subject)].append(row)
    return tuple(ClassSubjectRow(cid, name, year, subject, shares(r.status for r in rows), len(rows))
                 for (year, name, cid, subject), rows in sorted(groups.items(), key=lambda g: (
                     g[0][0], g[0][1].lower(), g[0][3].lower())))


def _chase_rows(positions: list[TrackingRow], assessed: set[tuple[int, int]],
                teachers: dict[int, str]) -> tuple[ChaseRow, ...]:
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in positions:
        if row.pupil.class_id is None:
            continue
        key = (row.pupil.year_group, row.pupil.class_name, row.pupil.class_id, row.subject)
        counts[key][1] += 1
        counts[key][0] += (row.pupil_id, row.subject_id) in assessed
    return tuple(ChaseRow(name, subject, teachers.get(cid, "no teacher linked"), done, total)
                 for (year, name, cid, subject), (done, total) in sorted(counts.items(), key=lambda c: (
                     c[1][0] / c[1][1], c[0][0], c[0][1].lower(), c[0][3].lower()))
                 if done < total)


def school_figures(today: dt.date) -> MonitorData:
    """The monitoring figures for the half-term ``today`` falls in."""
    return monitor(school.current_half_term(today), today)
