"""The trust view: each of a trust's schools at a glance, for the trust's leaders.

Pure sums over what each school's own figures already say: the monitoring screen's
Above / On / Nearly / Not shares per class and subject (summed over the classes of a year
group and subject), its mentors' meetings (summed over the mentors), and the gaps of the
leaders' analysis (``domain.groups.split``) between a group of pupils and the others.
Nothing is worked out again here that the school's own screens work out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from amtui.domain.groups import SPLITS, PupilFacts, signed, split
from amtui.domain.monitoring import MentorFigures, StatusShares

GAP_SPLITS = ("pp", "sen", "eal", "gender", "prior")
"""The splits whose gaps the trust compares: who the pupils are (disadvantaged, SEN, EAL,
boys and girls, prior attainment), not how one school arranges them (year, class, mentor)."""


@dataclass(frozen=True)
class YearSubjectShares:
    """One year group's statuses in one subject (its classes' monitoring shares summed)."""

    year_group: int
    subject: str
    shares: StatusShares


@dataclass(frozen=True)
class Meetings:
    """A school's mentoring meetings in the half-term: held, and the meetings it asks for
    (those held and those still owed: due, and overdue)."""

    done: int
    owed: int  # due or overdue, not yet held
    overdue: int

    @property
    def due(self) -> int:
        """The meetings the half-term asks for: those held and those still owed."""
        return self.done + self.owed

    @property
    def text(self) -> str:
        """"12/40"."""
        return f"{self.done}/{self.due}"


def meetings(mentors: Iterable[MentorFigures]) -> Meetings:
    """The monitoring screen's mentor figures summed over a school's mentors."""
    done = owed = overdue = 0
    for m in mentors:
        done += m.done
        owed += m.due + m.overdue
        overdue += m.overdue
    return Meetings(done, owed, overdue)


def combined(rows: Iterable[YearSubjectShares], year_group: int | None = None,
             subject: str | None = None) -> StatusShares:
    """The shares of one year group and one subject; None: every one."""
    counts = [0, 0, 0, 0]
    for row in rows:
        if (year_group is None or row.year_group == year_group) and (subject is None or row.subject == subject):
            counts = [a + b for a, b in zip(counts, row.shares.counts)]
    return StatusShares(tuple(counts))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Gap:
    """A group of pupils behind (-) or ahead (+) of the others in a subject, in points of
    "on target or above", as the leaders' analysis shows it."""

    subject: str
    split: str  # a key of ``groups.SPLITS``
    group: str
    points: int
    pupils: int
    others: int

    @property
    def text(self) -> str:
        """"Pupil premium -18 (Maths)"."""
        return f"{self.group} {signed(self.points)} ({self.subject})"

    @property
    def title(self) -> str:
        return SPLITS[self.split]


def widest_gap(subjects: Iterable[tuple[str, Sequence[PupilFacts]]],
               year_group: int | None = None) -> Gap | None:
    """The widest readable gap (both sides of five pupils or more) between a group and the
    others, over the subjects given and the splits of :data:`GAP_SPLITS`; only the pupils
    of ``year_group`` when given. The first found wins a tie (subjects in the order given,
    splits in their order); None when no gap can be read."""
    widest: Gap | None = None
    for subject, facts in subjects:
        if year_group is not None:
            facts = [f for f in facts if f.year_group == year_group]
        if not facts:
            continue
        for by in GAP_SPLITS:
            for row in split(by, facts).rows:
                points = row.gap_pct
                if not row.readable or points is None:
                    continue
                if widest is None or abs(points) > abs(widest.points):
                    widest = Gap(subject, by, row.group.name, points, row.group.pupils, row.others.pupils)
    return widest


@dataclass(frozen=True)
class SchoolFigures:
    """What the trust view reads of one school for one half-term."""

    school_id: int
    name: str
    half_term: str  # e.g. "HT2 Autumn 2"
    pupils: int  # on roll
    shares: tuple[YearSubjectShares, ...]
    meetings: Meetings
    standings: tuple[tuple[str, tuple[PupilFacts, ...]], ...]  # subject -> each pupil's facts
    gaps: dict[tuple[int | None, str | None], Gap | None] | None = None
    """Kept figures (``summed``): the widest gap of each year group and subject (None: every
    one) worked out once, the pupils' facts gone; a choice not there has no gap."""


def summed(school: SchoolFigures) -> SchoolFigures:
    """The school's figures as they are kept: every widest gap the trust view can ask for
    worked out now, instead of each pupil's facts (so a view of 20 schools only reads them)."""
    years = sorted({r.year_group for r in school.shares} | {f.year_group for _, facts in school.standings
                                                            for f in facts})
    subjects = [name for name, facts in school.standings if facts]
    gaps = {(year, subject): widest_gap([(name, facts) for name, facts in school.standings
                                         if subject is None or name == subject], year)
            for year in (None, *years) for subject in (None, *subjects)}
    return replace(school, standings=(), gaps=gaps)


@dataclass(frozen=True)
class TrustRow:
    """One school's line of the trust view, for the year group and subject chosen."""

    school_id: int
    name: str
    half_term: str
    pupils: int
    shares: StatusShares
    meetings: Meetings
    gap: Gap | None


def row(school: SchoolFigures, year_group: int | None = None, subject: str | None = None) -> TrustRow:
    """A school's line for one year group and one subject (None: every one)."""
    if school.gaps is not None:
        gap = school.gaps.get((year_group, subject))
    else:
        gap = widest_gap([(name, facts) for name, facts in school.standings if subject is None or name == subject],
                         year_group)
    return TrustRow(school.school_id, school.name, school.half_term, school.pupils,
                    combined(school.shares, year_group, subject), school.meetings, gap)


def rows(schools: Iterable[SchoolFigures], year_group: int | None = None,
         subject: str | None = None) -> list[TrustRow]:
    """Every school's line, in the order given."""
    return [row(school, year_group, subject) for school in schools]


def choices(schools: Iterable[SchoolFigures]) -> tuple[list[int], list[str]]:
    """The year groups and the subjects any school has figures for, in order (subjects by
    name, any case)."""
    years: set[int] = set()
    subjects: set[str] = set()
    for school in schools:
        years.update(r.year_group for r in school.shares)
        subjects.update(r.subject for r in school.shares)
        subjects.update(name for name, facts in school.standings if facts)
        subjects.update(subject for _, subject in school.gaps or () if subject is not None)
    return sorted(years), sorted(subjects, key=str.lower)
