"""The figures on a member of staff's home screen: their classes, their mentees, the school."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import MentorAssignment, Pupil, SchoolClass
from amtui.db.repo import membership, school, tracking
from amtui.db.repo.pupils import MeetingClock, MeetingDue, last_meetings
from amtui.db.repo.school import HalfTermInfo
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.domain.targets import Status

ON_OR_ABOVE = (Status.ABOVE, Status.ON_TARGET)


@dataclass(frozen=True)
class Share:
    """How many assessed pupil/subjects are on or above target."""

    on_or_above: int
    assessed: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_or_above / self.assessed) if self.assessed else None

    @property
    def text(self) -> str:
        """"71% (20/28)", or "-" when nothing is assessed yet."""
        if self.percent is None:
            return "-"
        return f"{self.percent}% ({self.on_or_above}/{self.assessed})"


def _share(rows) -> Share:
    statuses = [row.status for row in rows if row.status is not None]
    return Share(sum(1 for s in statuses if s in ON_OR_ABOVE), len(statuses))


@dataclass(frozen=True)
class MyClass:
    id: int
    name: str
    year_group: int
    pupils: int
    share: Share


@dataclass(frozen=True)
class Mentee:
    pupil_id: int
    name: str
    class_name: str
    meeting: MeetingDue


@dataclass(frozen=True)
class SchoolFigures:
    half_term: HalfTermInfo
    pupils: int
    subjects: tuple[tuple[str, Share], ...]
    meetings_overdue: int
    promotions_due: int


@dataclass(frozen=True)
class HomeData:
    classes: tuple[MyClass, ...]
    mentees: tuple[Mentee, ...]
    school: SchoolFigures


def my_classes(user: CurrentUser, ht: HalfTermInfo, today: dt.date | None = None) -> tuple[MyClass, ...]:
    """The user's classes this year, with their pupils on ``today`` and the share on or above
    target in each. Their classes and groups as the database holds them now (``as_now``):
    one given or taken away since login shows at the home screen's next refresh."""
    mine = read(lambda: as_now(user, today or dt.date.today()).class_ids)
    found = []
    for info in school.classes(ht.year, today):
        if info.id in mine:
            share = _share(tracking.pupil_subject_positions(  # a teaching group: its subject only
                ht, info.subject_id, class_id=info.id, on=membership.half_term_day(ht, today)))
            found.append(MyClass(info.id, info.name, info.year_group, info.pupils, share))
    return tuple(found)


def my_mentees(staff_id: int | None, clock: MeetingClock) -> tuple[Mentee, ...]:
    """Current mentees (open assignments), overdue first, then by when they are due."""
    if staff_id is None:
        return ()

    def query() -> list[tuple]:
        return list(
            Pupil.select(Pupil.id, Pupil.forename, Pupil.surname, SchoolClass.name)
            .join(MentorAssignment, on=MentorAssignment.pupil == Pupil.id)
            .switch(Pupil).join(SchoolClass, JOIN.LEFT_OUTER)
            .where((MentorAssignment.mentor == staff_id) & MentorAssignment.end.is_null()
                   & Pupil.left_on.is_null())
            .distinct().tuples()
        )

    rows = read(query)
    last = last_meetings([row[0] for row in rows])
    mentees = [Mentee(pid, f"{fore} {sur}", cls or "", clock.due(last.get(pid)))
               for pid, fore, sur, cls in rows]
    mentees.sort(key=lambda m: (not m.meeting.overdue, m.meeting.due, m.name))
    return tuple(mentees)


def current_pupil_ids() -> list[int]:
    return read(lambda: [pid for (pid,) in Pupil.select(Pupil.id).where(Pupil.left_on.is_null()).tuples()])


def meetings_overdue(pupil_ids: list[int], clock: MeetingClock) -> int:
    last = last_meetings()
    return sum(1 for pid in pupil_ids if clock.due(last.get(pid)).overdue)


def promotions_due() -> int:
    """Pupils whose weekly test results earn the next level (a teacher confirms it)."""
    return sum(1 for row in tracking.weekly_positions() if row.promotion_due)


def school_figures(ht: HalfTermInfo, clock: MeetingClock) -> SchoolFigures:
    pupils = current_pupil_ids()
    by_subject = defaultdict(list)
    for row in tracking.pupil_subject_positions(ht):
        by_subject[row.subject].append(row)
    subjects = tuple((s.name, _share(by_subject.get(s.name, []))) for s in school.subjects())
    return SchoolFigures(ht, len(pupils), subjects, meetings_overdue(pupils, clock), promotions_due())


def home_data(user: CurrentUser, today: dt.date | None = None) -> HomeData:
    """Everything the home screen shows, for ``user`` at the half-term ``today`` falls in."""
    today = today or dt.date.today()
    ht = school.current_half_term(today)
    clock = MeetingClock(today)
    return HomeData(my_classes(user, ht, today), my_mentees(user.staff_id, clock), school_figures(ht, clock))
