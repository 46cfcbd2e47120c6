"""What the leaders' analysis needs: each pupil's standing in a subject at a half-term, with
their characteristics, their class and year group then, and their mentor then.

Set-based for a whole school: the tracking rows (``tracking.pupil_subject_positions``, the
monitoring screen's own figures and statuses), then one query for the pupils' places in
their classes on the day and one for their mentors; nothing per pupil.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import (
    AcademicYear, Baseline, ClassMembership, GroupMembership, MentorAssignment, SchoolClass, Staff,
)
from amtui.db.repo import membership, school, tracking
from amtui.db.repo.groups import group_open_on
from amtui.db.repo.school import HalfTermInfo, SubjectInfo
from amtui.db.repo.tracking import TrackingRow
from amtui.domain.groups import PupilFacts, Remit, remit
from amtui.domain.names import name_order, pupil_name


@dataclass(frozen=True)
class Standings:
    """One subject at one half-term: a row per pupil, and who each pupil is (for the
    leaders' screen only; printed reports name no pupil)."""

    half_term: HalfTermInfo
    subject: SubjectInfo
    facts: tuple[PupilFacts, ...]
    names: dict[int, str]  # pupil id -> "Forename Surname (class)"

    @property
    def label(self) -> str:
        """e.g. "2026-27 HT2"."""
        return year_half_term(self.half_term)


def year_half_term(ht: HalfTermInfo) -> str:
    return f"{ht.year}-{(ht.year + 1) % 100:02d} HT{ht.number}"


def _places(year: int, day: dt.date) -> dict[int, tuple[str, int]]:
    """pupil -> (class name, year group) in the membership open on ``day`` of ``year``."""
    rows = (ClassMembership.select(ClassMembership.pupil, SchoolClass.name, ClassMembership.year_group)
            .join(AcademicYear).switch(ClassMembership).join(SchoolClass, JOIN.LEFT_OUTER)
            .where((AcademicYear.start_year == year) & membership.open_on(day)))
    return {pid: (name or "", year_group) for pid, name, year_group in rows.tuples()}


def _teaching_groups(year: int, day: dt.date) -> dict[tuple[int, int], str]:
    """(pupil, subject) -> the name of their teaching group in the subject on ``day``."""
    rows = (GroupMembership.select(GroupMembership.pupil, SchoolClass.subject, SchoolClass.name)
            .join(SchoolClass).join(AcademicYear)
            .where((AcademicYear.start_year == year) & SchoolClass.subject.is_null(False) & group_open_on(day)))
    return {(pid, sid): name for pid, sid, name in rows.tuples()}


def _mentors(day: dt.date) -> dict[int, str]:
    """pupil -> their mentor's name on ``day``."""
    rows = (MentorAssignment.select(MentorAssignment.pupil, Staff.name).join(Staff)
            .where(MentorAssignment.start <= day,
                   MentorAssignment.end.is_null() | (MentorAssignment.end > day))
            .order_by(MentorAssignment.start, MentorAssignment.id))
    return dict(rows.tuples())


def by_subject(half_term: HalfTermInfo, subject: SubjectInfo | None = None,
               pupil_ids: Collection[int] | None = None, today: dt.date | None = None,
               rows: list[TrackingRow] | None = None) -> list[Standings]:
    """Every pupil on roll (or only ``pupil_ids``) with a working stage at ``half_term``, in
    ``subject`` or in each subject (one fetch for all); their class, year group and mentor
    are those of the half-term's day (today while it runs, its last day once over). ``rows``:
    the half-term's tracking rows of every pupil and subject, when the caller has read them
    already (the trust view shares monitoring's)."""
    if rows is None:
        rows = tracking.pupil_subject_positions(half_term, subject_id=subject.id if subject else None,
                                                pupil_ids=pupil_ids)
    else:
        ids = None if pupil_ids is None else set(pupil_ids)
        rows = [r for r in rows if (subject is None or r.subject_id == subject.id)
                and (ids is None or r.pupil_id in ids)]
    day = membership.half_term_day(half_term, today)
    places, mentors, groups = read(lambda: (_places(half_term.year, day), _mentors(day),
                                            _teaching_groups(half_term.year, day)))
    facts: dict[int, list[PupilFacts]] = {}
    names: dict[int, str] = {}
    for r in sorted(rows, key=lambda r: name_order(r.pupil.surname, r.pupil.forename)):  # lists go by surname
        p = r.pupil
        class_name, year_group = places.get(p.id, (p.class_name, p.year_group))
        facts.setdefault(r.subject_id, []).append(PupilFacts(
            p.id, p.gender, p.sen, p.pupil_premium, p.eal, year_group, class_name, r.baseline, r.substage,
            r.status, mentors.get(p.id, ""), groups.get((p.id, r.subject_id), "")))
        names[p.id] = pupil_name(p.forename, p.surname) + (f" ({class_name})" if class_name else "")
    subjects = [subject] if subject else school.subjects()
    return [Standings(half_term, s, tuple(facts.get(s.id, ())), names) for s in subjects]


def standings(half_term: HalfTermInfo, subject: SubjectInfo, pupil_ids: Collection[int] | None = None,
              today: dt.date | None = None) -> Standings:
    """One subject's :func:`by_subject`."""
    return by_subject(half_term, subject, pupil_ids, today)[0]


def years_with_baselines(before: int) -> list[int]:
    """The earlier academic years that hold any baseline (a year without one has no
    progress to show), oldest first."""
    return read(lambda: [y for (y,) in AcademicYear.select(AcademicYear.start_year)
                         .join(Baseline, on=(Baseline.academic_year == AcademicYear.id))
                         .where(AcademicYear.start_year < before).distinct()
                         .order_by(AcademicYear.start_year).tuples()])


def earlier_half_terms(half_term: HalfTermInfo) -> list[HalfTermInfo]:
    """The trend's points, oldest first: the last half-term of each earlier year that has
    baselines, then this year's half-terms up to ``half_term``."""
    years = years_with_baselines(half_term.year)
    return [school.half_term(y, 6) for y in years] + school.half_terms(half_term.year)[:half_term.number]


def trend(now: Standings, today: dt.date | None = None) -> list[Standings]:
    """The same pupils (a cohort followed back) at every earlier point, oldest first, ending
    with ``now`` itself."""
    pupils = [f.pupil_id for f in now.facts]
    points = [standings(ht, now.subject, pupils, today) for ht in earlier_half_terms(now.half_term)[:-1]]
    return [*points, now]


def remit_of(user, start_year: int) -> Remit:
    """What ``user`` (a ``staff.CurrentUser``) may analyse in the academic year ``start_year``."""
    class_years = frozenset(c.year_group for c in school.classes(start_year) if c.id in user.class_ids)
    return remit(user.roles, user.hod_subjects, user.hoy_years, class_years,
                 frozenset(s.id for s in school.subjects()))


def leaders_view(half_term: HalfTermInfo, subject: SubjectInfo, years: frozenset[int] | None,
                 today: dt.date | None = None) -> list[Standings]:
    """What the leaders' screen shows: the subject at the half-term (only ``years``' pupils
    when given) and the same pupils at every earlier point, oldest first."""
    return trend(limited(standings(half_term, subject, None, today), years), today)


def limited(standing: Standings, years: frozenset[int] | None = None,
            pupil_ids: Collection[int] | None = None) -> Standings:
    """Only the pupils in ``years`` (their year group at the standing's half-term) and in
    ``pupil_ids``; None keeps every one."""
    if years is None and pupil_ids is None:
        return standing
    ids = None if pupil_ids is None else set(pupil_ids)
    kept = tuple(f for f in standing.facts if (years is None or f.year_group in years)
                 and (ids is None or f.pupil_id in ids))
    return Standings(standing.half_term, standing.subject, kept,
                     {f.pupil_id: standing.names[f.pupil_id] for f in kept})


def within_remit(user, found: list[Standings], earlier: list[list[Standings]] = ()) -> tuple[list, list]:
    """What ``user`` (a ``staff.CurrentUser``; None: everything) may see of ``found`` (a
    standing per subject) as the leaders' screen shows it: the subjects they head, the
    year groups they head; each of ``earlier`` (the same subjects at earlier points) keeps
    the same pupils. Returns (found, earlier) limited."""
    if user is None or not found:
        return list(found), [list(point) for point in earlier]
    mine = remit_of(user, found[0].half_term.year)
    now, before = [], [[] for _ in earlier]
    for i, standing in enumerate(found):
        if mine.covers(standing.subject.id):
            years = mine.years_in(standing.subject.id)
            kept = limited(standing, years)
            now.append(kept)
            ids = None if years is None else [f.pupil_id for f in kept.facts]
            for j, point in enumerate(earlier):
                before[j].append(limited(point[i], pupil_ids=ids))
    return now, before
