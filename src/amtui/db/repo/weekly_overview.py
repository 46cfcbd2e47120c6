"""Weekly tests over time: a class's year (pupils x weeks, levels, who is stuck) and
one pupil's whole history, corrections and level changes included."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.connection import read
from amtui.db.models import AuditEntry, Staff, WeeklyLevel
from amtui.db.repo import tracking
from amtui.db.repo.school import ClassInfo, load_settings
from amtui.db.repo.weekly import (
    Sitting, pupils_by_name, class_info, histories, canonical, level_at, standing,
)
from amtui.domain import weekly
from amtui.domain.calendar import academic_year_of
from amtui.domain.names import pupil_name
from amtui.domain.score_entry import school_week, weeks_since
from amtui.domain.settings import Settings


@dataclass(frozen=True)
class OverviewRow:
    """A pupil across the year: a sitting per school week (keyed by its Monday)."""

    pupil_id: int
    name: str
    level: str | None
    since: dt.date | None
    sittings_at_level: int
    greens: int
    due: str | None
    by_week: dict[dt.date, Sitting]

    def weeks_at_level(self, today: dt.date) -> int:
        return weeks_since(self.since, today) if self.since else 0


@dataclass(frozen=True)
class ClassOverview:
    """A class's weekly tests this academic year."""

    school_class: ClassInfo
    today: dt.date
    settings: Settings
    weeks: tuple[dt.date, ...]  # Mondays of the weeks with any sitting, oldest first
    rows: tuple[OverviewRow, ...]
    spread: tuple[tuple[str, int], ...]  # (level, pupils) in level order; "none" last
    stuck: tuple[OverviewRow, ...]  # at their level longest first


def _overview_row(pupil: tracking.PupilBasics, levels, sittings: list[Sitting], start: dt.date,
                  today: dt.date, settings: Settings) -> OverviewRow:
    found = level_at(levels, today) or ((sittings[-1].level, None) if sittings else None)
    level, since = found if found else (None, None)
    greens, due = standing(sittings, level, settings) if level else (0, None)
    at_level = [s for s in sittings if s.level == level and (since is None or s.sat_on >= since)]
    by_week = {school_week(s.sat_on).monday: s for s in sittings if s.sat_on >= start}
    return OverviewRow(pupil.id, pupil_name(pupil.forename, pupil.surname), level, since, len(at_level),
                       greens, due, by_week)


def class_overview(class_id: int, today: dt.date, settings: Settings | None = None) -> ClassOverview:
    """The class's results this academic year, the spread of levels and who is stuck."""
    settings = settings or load_settings()
    start = dt.date(academic_year_of(today), 9, 1)

    def query() -> ClassOverview:
        pupils = tracking.pupils_on_roll(class_id, None, on=today)
        levels, sittings = histories(list(pupils), school_week(today).last_day)
        rows = tuple(_overview_row(p, levels[p.id], sittings[p.id], start, today, settings)
                     for p in pupils_by_name(pupils))
        weeks = tuple(sorted({monday for row in rows for monday in row.by_week}))
        counts = Counter(row.level for row in rows)
        spread = tuple((level, counts[level]) for level in weekly.LEVELS if counts[level])
        if counts[None]:
            spread += (("none", counts[None]),)
        stuck = tuple(sorted((r for r in rows if r.level and r.since),
                             key=lambda r: (r.since, -r.sittings_at_level, r.name)))
        return ClassOverview(class_info(class_id, len(rows)), today, settings, weeks, rows, spread, stuck)

    return read(query)


# --- one pupil's history ---------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a pupil's weekly history: a sitting, a level change or a correction."""

    day: dt.date
    kind: str  # "sitting", "level" or "correction"
    sitting: Sitting | None = None
    greens: int = 0  # greens in a row at the sitting's level, after it
    text: str = ""


@dataclass(frozen=True)
class PupilWeekly:
    """A pupil's weekly tests: where they stand and everything that happened, newest first."""

    pupil_id: int
    name: str
    class_name: str
    level: str | None
    since: dt.date | None
    greens: int
    due: str | None
    entries: tuple[HistoryEntry, ...]
    settings: Settings


def _corrections(pupil_id: int) -> list[HistoryEntry]:
    entries = []
    for at, login, action, detail in (AuditEntry.select(AuditEntry.at, AuditEntry.login,
                                                        AuditEntry.action, AuditEntry.detail)
                                      .where(AuditEntry.pupil == pupil_id,
                                             AuditEntry.action.in_(("weekly.correct", "weekly.clear")))
                                      .tuples()):
        try:
            facts = json.loads(detail)
            day = dt.date.fromisoformat(facts["sat_on"])  # shown beside the sitting it corrected
        except (ValueError, KeyError, TypeError):
            continue
        old = "absent" if facts.get("old") is None else facts.get("old")
        new = "absent" if facts.get("new") is None else facts.get("new")
        change = f"{old} -> {new}" if action == "weekly.correct" else f"{old} removed"
        entries.append(HistoryEntry(day, "correction",
                                    text=f"corrected {change} ({login} {at:%d %b %H:%M})"))
    return entries


def pupil_weekly(pupil_id: int, today: dt.date, settings: Settings | None = None) -> PupilWeekly:
    """Every sitting, level and correction of a pupil, newest first."""
    settings = settings or load_settings()

    def query() -> PupilWeekly:
        pupil = tracking.pupils_on_roll(None, {pupil_id}, on=today).get(pupil_id)
        if pupil is None:
            from amtui.db.repo.pupils import PupilNotFound

            raise PupilNotFound(f"There is no pupil on roll with id {pupil_id}.")
        levels, sittings = histories([pupil_id], None)
        mine = sittings[pupil_id]
        entries = []
        for index, sitting in enumerate(mine):
            greens, _ = standing(mine[:index + 1], sitting.level, settings)
            entries.append(HistoryEntry(sitting.sat_on, "sitting", sitting, greens))
        for started_on, level, who in (WeeklyLevel.select(WeeklyLevel.started_on, WeeklyLevel.level,
                                                          Staff.name)
                                       .join(Staff, JOIN.LEFT_OUTER, on=(WeeklyLevel.set_by == Staff.id))
                                       .where(WeeklyLevel.pupil == pupil_id).tuples()):
            by = f" ({who})" if who else ""
            entries.append(HistoryEntry(started_on, "level", text=f"{canonical(level) or level} from here{by}"))
        entries += _corrections(pupil_id)
        order = {"level": 0, "sitting": 1, "correction": 2}
        entries.sort(key=lambda e: (e.day, order[e.kind]), reverse=True)
        found = level_at(levels[pupil_id], today) or ((mine[-1].level, None) if mine else None)
        level, since = found if found else (None, None)
        greens, due = standing(mine, level, settings) if level else (0, None)
        return PupilWeekly(pupil_id, pupil_name(pupil.forename, pupil.surname), pupil.class_name, level,
                           since, greens, due, tuple(entries), settings)

    return read(query)
