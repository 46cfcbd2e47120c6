"""Attitude per half-term: attendance (a percentage, coloured by the settings) and
Green / Yellow / Red for punctuality, behaviour, effort, homework and uniform.

One row per pupil, half-term and aspect (``AttitudeRecord``); a change replaces the
row and the audit trail keeps what it was. Attendance's colour is always worked out
from the percentage with the school's current settings, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import AcademicYear, AttitudeRecord, HalfTerm, Pupil, SchoolClass, now
from amtui.db.repo import tracking
from amtui.db.repo.membership import half_term_day
from amtui.db.repo.marks import check_entry
from amtui.db.repo.school import HalfTermInfo, load_settings
from amtui.db.repo.staff import CurrentUser, teachers_on
from amtui.db.repo.tracking import PupilBasics
from amtui.domain.attitude import ASPECTS, attendance_colour
from amtui.domain.errors import InputRefused, UserFacingError
from amtui.domain.permissions import Action
from amtui.domain.ryg import RYG
from amtui.domain.settings import Settings

ATTENDANCE = "attendance"
RATED = tuple(a for a in ASPECTS if a != ATTENDANCE)
"""The aspects rated G/Y/R by hand: punctuality, behaviour, effort, homework, uniform."""


@dataclass(frozen=True)
class AttitudeCell:
    """One aspect in one half-term: a rating, and for attendance the percentage."""

    rating: RYG | None = None
    percent: float | None = None

    @property
    def text(self) -> str:
        """"96.5%" for attendance, else the rating's letter; "" when not recorded."""
        if self.percent is not None:
            return f"{self.percent:g}%"
        return self.rating.value if self.rating else ""


EMPTY = AttitudeCell()


def parse_percent(text: str) -> float:
    """Read an attendance figure: "96.5", "96.5%" or "100"; ValueError outside 0-100."""
    cleaned = str(text).strip().rstrip("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise InputRefused(f"'{str(text).strip()}' is not a percentage (e.g. 96.5)") from None
    if not math.isfinite(value) or not 0.0 <= value <= 100.0:
        raise InputRefused(f"attendance {cleaned}% is outside 0 to 100")
    return round(value, 1)


def _cell(rating: str, percent: float | None, settings: Settings) -> AttitudeCell:
    if percent is not None:
        return AttitudeCell(attendance_colour(percent, settings), percent)
    try:
        return AttitudeCell(RYG(rating) if rating else None, None)
    except ValueError:
        return EMPTY


@dataclass(frozen=True)
class AttitudeSheet:
    """A class's attitude for one half-term: ``cells[(pupil_id, aspect)]``."""

    class_id: int
    class_name: str
    half_term: HalfTermInfo
    pupils: tuple[PupilBasics, ...]
    cells: dict[tuple[int, str], AttitudeCell]
    teachers: frozenset[int] = frozenset()  # staff linked to the class on the half-term's day

    def cell(self, pupil_id: int, aspect: str) -> AttitudeCell:
        return self.cells.get((pupil_id, aspect), EMPTY)


def class_attitude(class_id: int, half_term: HalfTermInfo, today: dt.date | None = None) -> AttitudeSheet:
    """The class's pupils on roll (by surname), its teachers, on the half-term's day (``today``
    within it, else its last day), and what is recorded for the half-term."""
    settings = load_settings()
    day = half_term_day(half_term, today)

    def query() -> AttitudeSheet:
        name = SchoolClass.select(SchoolClass.name).where(SchoolClass.id == class_id).scalar() or ""
        pupils = sorted(tracking.pupils_on_roll(class_id, None, on=day).values(),
                        key=lambda p: (p.surname.lower(), p.forename.lower(), p.id))
        rows = (AttitudeRecord.select(AttitudeRecord.pupil, AttitudeRecord.aspect, AttitudeRecord.rating,
                                      AttitudeRecord.percent)
                .where(AttitudeRecord.half_term == half_term.id,
                       AttitudeRecord.pupil.in_([p.id for p in pupils])))
        cells = {(pid, aspect): _cell(rating, percent, settings) for pid, aspect, rating, percent in rows.tuples()}
        return AttitudeSheet(class_id, name, half_term, tuple(pupils), cells, teachers_on(class_id, day))

    return read(query)


def _save(user: CurrentUser, half_term: HalfTermInfo, pupil_id: int, aspect: str, rating: str,
          percent: float | None, today: dt.date | None) -> None:
    check_entry(user, Action.ENTER_ATTITUDE, {pupil_id}, half_term.id, today)
    row = AttitudeRecord.get_or_none(pupil=pupil_id, half_term=half_term.id, aspect=aspect)
    before = (row.rating, row.percent) if row else ("", None)
    if row is None:
        AttitudeRecord.create(pupil=pupil_id, half_term=half_term.id, aspect=aspect, rating=rating,
                              percent=percent, staff=user.staff_id)
    else:
        AttitudeRecord.update(rating=rating, percent=percent, staff=user.staff_id, recorded_at=now()).where(
            AttitudeRecord.id == row.id).execute()
    audit(user.login, "attitude.set", "pupil", pupil_id, half_term=half_term.id, aspect=aspect,
          old=list(before), new=[rating, percent])


def save_rating(user: CurrentUser, half_term: HalfTermInfo, pupil_id: int, aspect: str,
                rating: RYG | None, today: dt.date | None = None) -> AttitudeCell:
    """Rate one aspect (None clears it); NotAllowed says why when ``may_enter`` refuses."""
    if aspect not in RATED:
        raise UserFacingError(f"'{aspect}' is not rated by hand (aspects: {', '.join(RATED)}).")
    value = rating.value if rating else ""
    write(lambda: _save(user, half_term, pupil_id, aspect, value, None, today))
    return AttitudeCell(rating, None)


def save_attendance(user: CurrentUser, half_term: HalfTermInfo, pupil_id: int,
                    percent: float | None, today: dt.date | None = None) -> AttitudeCell:
    """Record a half-term's attendance (None clears it); its colour comes from the settings."""
    cell = _cell("", percent, load_settings()) if percent is not None else EMPTY
    value = cell.rating.value if cell.rating else ""
    write(lambda: _save(user, half_term, pupil_id, ATTENDANCE, value, percent, today))
    return cell


# --- one pupil's record: last year and this year's half-terms -----------------------------------


@dataclass(frozen=True)
class PupilAttitude:
    """The profile's attitude table: last year in one column, then HT1-HT6 of this year."""

    year: int
    last_year: dict[str, AttitudeCell]
    half_terms: dict[int, dict[str, AttitudeCell]]  # 1-6 -> aspect -> cell

    def at(self, number: int, aspect: str) -> AttitudeCell:
        return self.half_terms.get(number, {}).get(aspect, EMPTY)


def summarise(cells: list[AttitudeCell], settings: Settings) -> AttitudeCell:
    """A year in one cell: mean attendance; else the commonest rating (ties: the latest)."""
    percents = [c.percent for c in cells if c.percent is not None]
    if percents:
        return _cell("", round(sum(percents) / len(percents), 1), settings)
    ratings = [c.rating for c in cells if c.rating is not None]
    if not ratings:
        return EMPTY
    counts = Counter(ratings)
    best = max(counts.values())
    return AttitudeCell(next(r for r in reversed(ratings) if counts[r] == best), None)


def pupil_attitude(pupil_id: int, year: int) -> PupilAttitude:
    """Everything recorded for the pupil in ``year`` and the year before."""
    settings = load_settings()

    def query() -> PupilAttitude:
        rows = (AttitudeRecord.select(AcademicYear.start_year, HalfTerm.number, AttitudeRecord.aspect,
                                      AttitudeRecord.rating, AttitudeRecord.percent)
                .join(HalfTerm).join(AcademicYear)
                .where(AttitudeRecord.pupil == pupil_id, AcademicYear.start_year.in_([year - 1, year]))
                .order_by(HalfTerm.number))
        this: dict[int, dict[str, AttitudeCell]] = {}
        last: dict[str, list[AttitudeCell]] = {}
        for start_year, number, aspect, rating, percent in rows.tuples():
            cell = _cell(rating, percent, settings)
            if start_year == year:
                this.setdefault(number, {})[aspect] = cell
            else:
                last.setdefault(aspect, []).append(cell)
        return PupilAttitude(year, {a: summarise(c, settings) for a, c in last.items()}, this)

    return read(query)


def pupil_class(pupil_id: int) -> tuple[int, str] | None:
    """The pupil's class id and name (None when they have none)."""
    row = read(lambda: Pupil.select(SchoolClass.id, SchoolClass.name).join(SchoolClass)
               .where(Pupil.id == pupil_id).tuples().first())
    return (row[0], row[1]) if row else None
