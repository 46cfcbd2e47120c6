"""Weekly basic skills tests: a class's sheet for a week, scores, corrections, promotions.

A score is one short transaction that also hands back the pupil's new standing (greens
in a row, a promotion due), so the sheet never has to be read again while typing.
Corrections update the week's ``WeeklyResult`` row (one per pupil and date) and the
audit keeps the old and new score; levels are append-only (the newest row wins).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from amtui.db.audit import audit
from amtui.db.compiled import compiled
from amtui.db.connection import read, write
from amtui.db.models import Pupil, SchoolClass, WeeklyLevel, WeeklyResult, now
from amtui.db.repo import tracking
from amtui.db.repo.school import ClassInfo, load_settings
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.domain import weekly
from amtui.domain.errors import EntryRefused
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, require
from amtui.domain.score_entry import SchoolWeek, parse_score, school_week
from amtui.domain.settings import Settings


@dataclass(frozen=True)
class Sitting:
    """One weekly test sat (``score`` None: absent)."""

    id: int
    sat_on: dt.date
    level: str
    test: int
    score: int | None


@dataclass(frozen=True)
class SheetRow:
    """A pupil on a week's sheet.

    ``level`` is the level in force that week (None: none set yet); ``test`` the test
    sat that week, or the one due; ``earlier`` the last three sittings before the week,
    oldest first; ``due`` the next level when a promotion is proposed.
    """

    pupil_id: int
    forename: str
    surname: str
    class_id: int | None
    level: str | None
    level_since: dt.date | None
    test: int | None
    earlier: tuple[Sitting, ...]
    this_week: Sitting | None
    greens: int
    due: str | None

    @property
    def name(self) -> str:
        return pupil_name(self.forename, self.surname)


@dataclass(frozen=True)
class WeeklySheet:
    """One class's weekly tests for one school week."""

    school_class: ClassInfo
    week: SchoolWeek
    current: bool  # the week containing today: promotions are proposed only here
    settings: Settings
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class Promotion:
    pupil_id: int
    name: str
    old: str
    new: str


# --- reading --------------------------------------------------------------------------


def canonical(level: str) -> str | None:
    """The level's canonical name; None for a damaged one (never fails a whole sheet)."""
    try:
        return weekly.parse_level(level)
    except ValueError:
        return None


def level_at(levels: list[tuple[dt.date, str]], day: dt.date) -> tuple[str, dt.date] | None:
    """(level, since) in force on ``day``: the newest started by then, else the first."""
    chosen = None
    for started_on, level in levels:
        if chosen is None or started_on <= day:
            chosen = (level, started_on)
    return chosen


@compiled
def _levels_of(pupils):
    return (WeeklyLevel.select(WeeklyLevel.pupil, WeeklyLevel.started_on, WeeklyLevel.level)
            .where(WeeklyLevel.pupil.in_(pupils)).order_by(WeeklyLevel.started_on, WeeklyLevel.id))


@compiled
def _sittings_of(pupils, until):
    query = (WeeklyResult.select(WeeklyResult.id, WeeklyResult.pupil, WeeklyResult.sat_on,
                                 WeeklyResult.level, WeeklyResult.test, WeeklyResult.score)
             .where(WeeklyResult.pupil.in_(pupils)).order_by(WeeklyResult.sat_on, WeeklyResult.id))
    return query if until is None else query.where(WeeklyResult.sat_on <= until)


def histories(pupil_ids: list[int], until: dt.date | None):
    """Levels and sittings of these pupils, oldest first (read twice in every score's save:
    the SQL is built once, ``db.compiled``)."""
    levels: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for pid, started_on, level in _levels_of(pupils=pupil_ids):
        if (name := canonical(level)) is not None:
            levels[pid].append((started_on, name))
    sittings: dict[int, list[Sitting]] = defaultdict(list)
    for rid, pid, sat_on, level, test, score in _sittings_of(pupils=pupil_ids, until=until):
        if (name := canonical(level)) is not None:
            sittings[pid].append(Sitting(rid, sat_on, name, test, score))
    return levels, sittings


def standing(sittings: list[Sitting], level: str, settings: Settings) -> tuple[int, str | None]:
    """(greens in a row at ``level``, the next level when a promotion is due)."""
    results = [weekly.WeeklyResult(s.sat_on, s.level, s.test, s.score) for s in sittings]
    due = weekly.promotion_due(results, settings, level)
    return weekly.greens_in_row(results, settings, level), weekly.next_level(level) if due else None


def next_test_at(sittings: list[Sitting], level: str, since: dt.date | None, settings: Settings) -> int:
    """The test to sit next at ``level``: after the newest sat at it since ``since``."""
    at_level = [s for s in sittings if s.level == level and (since is None or s.sat_on >= since)]
    return weekly.next_test(at_level[-1].test if at_level else None, settings)


def sheet_row(pupil: tracking.PupilBasics, levels: list[tuple[dt.date, str]],
              sittings: list[Sitting], week: SchoolWeek, propose: bool, settings: Settings) -> SheetRow:
    """A pupil's row for ``week`` from their whole history."""
    upto = [s for s in sittings if s.sat_on <= week.last_day]
    in_week = [s for s in upto if week.contains(s.sat_on)]
    this_week = in_week[-1] if in_week else None
    before = [s for s in upto if s.sat_on < week.monday]
    found = level_at(levels, week.last_day)
    if found is None and upto:  # results imported without a level: the newest one's
        found = (upto[-1].level, None)
    level, since = found if found else (None, None)
    test, greens, due = None, 0, None
    if level is not None:
        test = this_week.test if this_week else next_test_at(before, level, since, settings)
        greens, due = standing(upto, level, settings)
    return SheetRow(pupil.id, pupil.forename, pupil.surname, pupil.class_id, level, since, test,
                    tuple(before[-3:]), this_week, greens, due if propose else None)


def class_info(class_id: int, pupils: int) -> ClassInfo:
    row = SchoolClass.get_by_id(class_id)
    return ClassInfo(row.id, row.name, row.year_group, pupils)


def pupils_by_name(pupils: dict[int, tracking.PupilBasics]) -> list[tracking.PupilBasics]:
    return sorted(pupils.values(), key=lambda p: (p.surname.lower(), p.forename.lower(), p.id))


def weekly_sheet(class_id: int, week: SchoolWeek, today: dt.date,
                 settings: Settings | None = None) -> WeeklySheet:
    """Every pupil on roll in the class, with their standing in ``week``."""
    settings = settings or load_settings()
    current = week.monday >= school_week(today).monday

    def query() -> WeeklySheet:
        # The class as it is on the day the sheet is for (a past week: its last day).
        pupils = tracking.pupils_on_roll(class_id, None, on=min(today, week.last_day))
        levels, sittings = histories(list(pupils), week.last_day)
        rows = tuple(sheet_row(p, levels[p.id], sittings[p.id], week, current, settings)
                     for p in pupils_by_name(pupils))
        return WeeklySheet(class_info(class_id, len(rows)), week, current, settings, rows)

    return read(query)


def _on_roll(pupil_id: int, today: dt.date) -> tracking.PupilBasics:
    return tracking.pupils_on_roll(None, {pupil_id}, on=today)[pupil_id]


def _row_of(pupil: tracking.PupilBasics, levels: list[tuple[dt.date, str]], sittings: list[Sitting],
            week: SchoolWeek, today: dt.date, settings: Settings) -> SheetRow:
    return sheet_row(pupil, levels, sittings, week, week.monday >= school_week(today).monday, settings)


def _row_now(pupil: tracking.PupilBasics, week: SchoolWeek, today: dt.date, settings: Settings) -> SheetRow:
    levels, sittings = histories([pupil.id], week.last_day)
    return _row_of(pupil, levels[pupil.id], sittings[pupil.id], week, today, settings)


# --- writing ----------------------------------------------------------------------------


@compiled
def _pupil_row(pupil):
    return Pupil.select(Pupil.forename, Pupil.surname, Pupil.school_class, Pupil.left_on).where(Pupil.id == pupil)


def _pupil_in_scope(user: CurrentUser, pupil_id: int, action: Action, day: dt.date) -> str:
    """The pupil's name, once the user may take ``action`` for them (EntryRefused for a
    leaver). Inside the save's write: the pupil's class and the classes linked to the user on
    ``day`` are the database's now, not as at login (a link ended since counts)."""
    rows = _pupil_row(pupil=pupil_id)
    if not rows or rows[0][3] is not None:
        raise EntryRefused("That pupil is no longer on roll; nothing was saved.")
    forename, surname, class_id, _ = rows[0]
    me = as_now(user, day, heads=False)  # weighs their roles and classes, not what they head
    require(me.roles, action, in_scope=class_id in me.class_ids)
    return pupil_name(forename, surname)


def save_score(user: CurrentUser, pupil_id: int, week: SchoolWeek, score: int | None,
               today: dt.date, settings: Settings | None = None) -> SheetRow:
    """Record the week's score (None: absent), or correct the one recorded; the new row.

    Raises NotAllowed or EntryRefused with the reason; then nothing is saved.
    """
    settings = settings or load_settings()
    if score is not None:
        try:
            parse_score(str(score), settings.weekly_max)
        except ValueError as error:
            raise EntryRefused(f"{error}: not saved.") from None

    def transaction() -> SheetRow:
        name = _pupil_in_scope(user, pupil_id, Action.ENTER_WEEKLY, today)
        pupil = _on_roll(pupil_id, today)
        levels, histories_now = histories([pupil_id], week.last_day)
        sittings = histories_now[pupil_id]
        row = _row_of(pupil, levels[pupil_id], sittings, week, today, settings)
        found = row.this_week
        if found is not None:
            if found.score != score:
                WeeklyResult.update(score=score, staff=user.staff_id, recorded_at=now()).where(
                    WeeklyResult.id == found.id).execute()
                audit(user.login, "weekly.correct", "pupil", pupil_id, sat_on=found.sat_on,
                      level=found.level, test=found.test, old=found.score, new=score)
                sittings = [replace(s, score=score) if s.id == found.id else s for s in sittings]
        elif row.level is None:
            raise EntryRefused(f"{name} has no weekly test level yet: set one (l) first. Not saved.")
        else:
            made = WeeklyResult.create(pupil=pupil_id, sat_on=week.sitting_day, level=row.level,
                                       test=row.test, score=score, staff=user.staff_id)
            audit(user.login, "weekly.score", "pupil", pupil_id, sat_on=week.sitting_day,
                  level=row.level, test=row.test, score=score)
            sittings = sorted([*sittings, Sitting(made.id, week.sitting_day, row.level, row.test, score)],
                              key=lambda s: (s.sat_on, s.id))
        # The row as it now is, from the history read above and the one change made to it:
        # not read again (the school's writes wait for this one: nothing else changed it).
        return _row_of(pupil, levels[pupil_id], sittings, week, today, settings)

    return write(transaction)


def clear_score(user: CurrentUser, pupil_id: int, week: SchoolWeek, today: dt.date,
                settings: Settings | None = None) -> SheetRow:
    """Remove the week's sitting (entered for the wrong pupil); audited with the old score."""
    settings = settings or load_settings()

    def transaction() -> SheetRow:
        _pupil_in_scope(user, pupil_id, Action.ENTER_WEEKLY, today)
        pupil = _on_roll(pupil_id, today)
        found = _row_now(pupil, week, today, settings).this_week
        if found is not None:
            WeeklyResult.delete().where(WeeklyResult.id == found.id).execute()
            audit(user.login, "weekly.clear", "pupil", pupil_id, sat_on=found.sat_on,
                  level=found.level, test=found.test, old=found.score)
        return _row_now(pupil, week, today, settings)

    return write(transaction)


def confirm_promotions(user: CurrentUser, pupil_ids: list[int], today: dt.date,
                       settings: Settings | None = None) -> list[Promotion]:
    """Move each pupil still due to their next level from ``today``; the moves made.

    A pupil no longer due (someone corrected a score meanwhile) is left where they are.
    """
    settings = settings or load_settings()
    week = school_week(today)

    def transaction() -> list[Promotion]:
        done = []
        for pupil_id in pupil_ids:
            name = _pupil_in_scope(user, pupil_id, Action.CONFIRM_PROMOTION, today)
            row = _row_now(_on_roll(pupil_id, today), week, today, settings)
            if row.due is None or row.level is None:
                continue
            WeeklyLevel.create(pupil=pupil_id, level=row.due, started_on=today, set_by=user.staff_id)
            audit(user.login, "weekly.promote", "pupil", pupil_id, old=row.level, new=row.due,
                  greens=row.greens)
            done.append(Promotion(pupil_id, name, row.level, row.due))
        return done

    return write(transaction)


def set_level(user: CurrentUser, pupil_id: int, level: str, today: dt.date) -> None:
    """Start a pupil at ``level`` from ``today`` (a first level, or a teacher's move)."""
    name = canonical(level)
    if name is None:
        raise EntryRefused(f"'{level}' is not a weekly test level.")

    def transaction() -> None:
        _pupil_in_scope(user, pupil_id, Action.CONFIRM_PROMOTION, today)
        levels, _ = histories([pupil_id], None)
        found = level_at(levels[pupil_id], today)
        if found is not None and found[0] == name:
            return
        WeeklyLevel.create(pupil=pupil_id, level=name, started_on=today, set_by=user.staff_id)
        audit(user.login, "weekly.level", "pupil", pupil_id, old=found[0] if found else None, new=name)

    write(transaction)
