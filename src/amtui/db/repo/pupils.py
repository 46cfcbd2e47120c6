"""Finding pupils, and the facts a pupil's summary shows.

Name matching happens in Python rather than SQL: SQLite's LIKE folds ASCII only, so
"zoe" would miss "Zoë". A school's roll is a few thousand narrow rows at most, which
read in milliseconds, and the same code works on a server database.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import Meeting, MentorAssignment, Pupil, SchoolClass, Staff
from amtui.db.repo import membership, school, tracking
from amtui.db.repo.school import HalfTermInfo
from amtui.db.repo.tracking import TrackingRow
from amtui.domain import calendar, meetings
from amtui.domain.characteristics import has_sen
from amtui.domain.names import pupil_name
from amtui.domain.year_group import year_label
from amtui.domain.errors import UserFacingError

SEARCH_LIMIT = 50


def fold(text: str) -> str:
    """Text for matching: no case, no accents, no apostrophes ("O'Neill" ~ "oneill")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold().replace("'", "").replace("\u2019", "")


@dataclass(frozen=True)
class PupilHit:
    """One pupil as the finder lists them."""

    id: int
    forename: str
    surname: str
    upn: str
    year_group: int
    class_name: str
    sen: str  # the SEN provision code: N, K or E
    pupil_premium: bool
    eal: bool
    left_on: dt.date | None

    @property
    def name(self) -> str:
        return pupil_name(self.forename, self.surname)

    @property
    def year(self) -> str:
        return year_label(self.year_group, short=True)

    @property
    def flags(self) -> str:
        """SEN (K or E), PP and EAL as words, blank when none apply."""
        words = [w for w, on in ((f"SEN {self.sen}", has_sen(self.sen)), ("PP", self.pupil_premium),
                                 ("EAL", self.eal)) if on]
        if self.left_on:
            words.append("left")
        return " ".join(words)


_HIT_FIELDS = (
    Pupil.id, Pupil.forename, Pupil.surname, Pupil.upn, Pupil.year_group, SchoolClass.name,
    Pupil.sen_status, Pupil.pupil_premium, Pupil.eal, Pupil.left_on,
)


def _hit(row: tuple) -> PupilHit:
    pid, forename, surname, upn, year_group, class_name, sen, pp, eal, left_on = row
    return PupilHit(pid, forename, surname, upn, year_group, class_name or "", sen,
                    bool(pp), bool(eal), left_on)


def _rank(words: list[str], hit: PupilHit) -> int | None:
    """0 for a match at the start of a name, 1 inside a name, 2 a UPN prefix; None: no match."""
    name = fold(hit.name)
    if words and all(word in name for word in words):
        parts = name.split()
        starts = all(any(part.startswith(word) for part in parts) for word in words)
        return 0 if starts else 1
    if words and fold(hit.upn).startswith("".join(words)):
        return 2
    return None


def search_pupils(text: str, *, class_id: int | None = None, include_leavers: bool = False,
                  limit: int = SEARCH_LIMIT, today: dt.date | None = None) -> list[PupilHit]:
    """Pupils whose name contains every word of ``text``, or whose UPN starts with it.

    Case and accents are ignored. Leavers are left out unless asked for. With a
    class and no text, the whole class: the pupils in it on ``today`` (the screen's;
    for a past year's class, its last day). Best matches first, then by surname.
    """
    words = fold(text).split()
    if not words and class_id is None:
        return []

    def query() -> list[PupilHit]:
        select = Pupil.select(*_HIT_FIELDS).join(SchoolClass, JOIN.LEFT_OUTER)
        if class_id is not None:
            select = select.where(Pupil.id.in_(membership.members_on(class_id, membership.class_day(class_id, today))))
        if not include_leavers:
            select = select.where(Pupil.left_on.is_null())
        return [_hit(row) for row in select.tuples()]

    ranked = []
    for hit in read(query):
        rank = _rank(words, hit) if words else 0
        if rank is not None:
            ranked.append((rank, fold(hit.surname), fold(hit.forename), hit.id, hit))
    ranked.sort(key=lambda item: item[:4])
    return [item[-1] for item in ranked[:limit]]


# --- meetings: when each pupil is next due one -------------------------------------------


@dataclass(frozen=True)
class MeetingDue:
    """A pupil's last mentoring meeting and when the next falls due."""

    last: dt.date | None
    due: dt.date
    overdue: bool
    due_now: bool  # due by the end of the current half-term

    @property
    def marker(self) -> str:
        """The state in words with a leading sign, so it never rests on colour alone."""
        if self.overdue:
            return f"! overdue (was due by {self.due:%d %b})"
        if self.due_now:
            return f"* due by {self.due:%d %b}"
        return f"due by {self.due:%d %b}"

    @property
    def short(self) -> str:
        """For narrow columns: "! overdue", "* 18 Dec" (due this half-term), "  19 Mar"."""
        if self.overdue:
            return "! overdue"
        return f"{'*' if self.due_now else ' '} {self.due:%d %b}"


def half_term_dates(start_year: int) -> list[calendar.HalfTermDates]:
    """The year's half-terms as the domain rules take them."""
    return [calendar.HalfTermDates(t.number, t.start, t.end) for t in school.half_terms(start_year)]


def last_meetings(pupil_ids: list[int] | None = None) -> dict[int, dt.date]:
    """The date of each pupil's latest finished meeting."""

    def query() -> dict[int, dt.date]:
        select = Meeting.select(Meeting.pupil, Meeting.ended_at, Meeting.started_at,
                                Meeting.scheduled_for).where(Meeting.status == "done")
        if pupil_ids is not None:
            select = select.where(Meeting.pupil.in_(pupil_ids))
        found: dict[int, dt.date] = {}
        for pid, ended, started, scheduled in select.tuples():
            when = ended or started or scheduled
            if when is None:
                continue
            day = when.date() if isinstance(when, dt.datetime) else when
            if pid not in found or day > found[pid]:
                found[pid] = day
        return found

    return read(query)


class MeetingClock:
    """Works out meetings due against one year's half-terms and today's date."""

    def __init__(self, today: dt.date):
        self.today = today
        self.terms = half_term_dates(calendar.academic_year_of(today))
        self.every = school.load_settings().meeting_every_half_terms
        self.current = calendar.current_half_term(today, self.terms)

    def due(self, last: dt.date | None) -> MeetingDue:
        due = meetings.next_due(last, self.terms, self.today, self.every)
        return MeetingDue(last, due, self.today > due, due <= self.current.end)


# --- a pupil's summary -----------------------------------------------------------------------


@dataclass(frozen=True)
class PupilSummary:
    """The header facts and per-subject positions (from the tracking query) of one pupil."""

    pupil: PupilHit
    dob: dt.date | None
    mentor: str
    meeting: MeetingDue
    half_term: HalfTermInfo
    subjects: tuple[TrackingRow, ...]
    earlier: tuple[str, ...] = ()  # the classes and year groups of earlier years, newest first


class PupilNotFound(UserFacingError):
    """The pupil is not in the database (perhaps erased)."""


def pupil_summary(pupil_id: int, today: dt.date | None = None) -> PupilSummary:
    """Everything the pupil summary screen shows, at the half-term ``today`` falls in."""
    today = today or dt.date.today()
    ht = school.current_half_term(today)
    clock = MeetingClock(today)

    def query() -> tuple:
        row = (Pupil.select(*_HIT_FIELDS).join(SchoolClass, JOIN.LEFT_OUTER)
               .where(Pupil.id == pupil_id).tuples().first())
        if row is None:
            raise PupilNotFound(f"There is no pupil with id {pupil_id}: perhaps their record was erased.")
        dob = Pupil.select(Pupil.dob).where(Pupil.id == pupil_id).scalar()
        mentor = (Staff.select(Staff.name).join(MentorAssignment, on=MentorAssignment.mentor == Staff.id)
                  .where((MentorAssignment.pupil == pupil_id) & MentorAssignment.end.is_null())
                  .order_by(MentorAssignment.start.desc(), MentorAssignment.id.desc()).scalar())
        return _hit(row), dob, mentor or ""

    pupil, dob, mentor = read(query)
    last = last_meetings([pupil_id]).get(pupil_id)
    positions = tracking.pupil_subject_positions(ht, pupil_ids=[pupil_id])
    earlier = tuple(dict.fromkeys(place.short for place in membership.pupil_years(pupil_id) if place.year < ht.year))
    return PupilSummary(pupil, dob, mentor, clock.due(last), ht, tuple(positions), earlier)
