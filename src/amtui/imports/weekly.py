"""``import weekly``: upn, date, level, test, score.

One sitting per pupil per date: a date already recorded is corrected, not added
again. An empty score, "a" or "absent" records an absence. A pupil with no weekly
level yet starts at the level of their earliest sitting in the file, from its date; a
history that moves to another level (across a promotion) leaves the pupil at the level it
implies, from the first sitting at it, so their next test follows from it too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from amtui.db.models import WeeklyLevel, WeeklyResult, now
from amtui.domain import calendar, weekly
from amtui.domain.weekly import parse_level
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, int_between, parse_upn
from amtui.imports.store import Context, insert_rows, pupils_by_upn, staff_id

ABSENT_WORDS = {"a", "abs", "absent"}


@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    sat_on: dt.date
    level: str
    test: int
    score: int | None


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    sat_on = cells.get("date", calendar.parse_school_date)
    level = cells.get("level", parse_level)
    test = cells.get("test", int_between(1, ctx.settings.weekly_tests_per_level))
    score = None
    if row.get("score").lower() not in ABSENT_WORDS:
        score = cells.get("score", int_between(0, ctx.settings.weekly_max), blank=None)
    return Item(row.line, upn, sat_on, level, test, score) if cells.ok else None


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    first_line: dict[tuple[str, dt.date], int] = {}
    for item in items:
        if (first := first_line.setdefault((item.upn, item.sat_on), item.line)) != item.line:
            problems.add(item.line, f"{item.upn} on {item.sat_on:%d/%m/%Y} is also on "
                                    f"line {first}")
    pupils = pupils_by_upn(items, problems)
    problems.raise_if_any()

    ids = sorted({pupils[item.upn] for item in items})
    dates = sorted({item.sat_on for item in items})
    existing: dict[tuple[int, dt.date], tuple] = {}
    for start in range(0, len(ids), 5000):
        query = WeeklyResult.select(WeeklyResult.id, WeeklyResult.pupil, WeeklyResult.sat_on,
                                    WeeklyResult.level, WeeklyResult.test, WeeklyResult.score)
        for rid, pupil, sat_on, *rest in query.where(
                WeeklyResult.pupil.in_(ids[start:start + 5000]),
                WeeklyResult.sat_on.between(dates[0], dates[-1])).tuples():
            existing[(pupil, sat_on)] = (rid, tuple(rest))
    by, at = staff_id(ctx.login), now()
    new_rows, updated = [], 0
    for item in sorted(items, key=lambda i: i.sat_on):
        pupil = pupils[item.upn]
        values = {"level": item.level, "test": item.test, "score": item.score}
        found = existing.get((pupil, item.sat_on))
        if found is None:
            new_rows.append({"pupil": pupil, "sat_on": item.sat_on, **values,
                             "staff": by, "recorded_at": at})
        elif found[1] != tuple(values.values()):
            # A correction: who made it and when is what the record must show.
            WeeklyResult.update(**values, staff=by, recorded_at=at).where(
                WeeklyResult.id == found[0]).execute()
            updated += 1
    insert_rows(WeeklyResult, new_rows)
    insert_rows(WeeklyLevel, _implied_levels(ids, by))
    return len(new_rows), updated


def _implied_levels(pupil_ids: list[int], by: int | None) -> list[dict]:
    """The level rows each pupil's whole history implies and their levels do not say yet:
    a first level from their earliest sitting, and a move each time the sittings moved to
    another level (a history imported across a promotion)."""
    levels: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    sittings: dict[int, list[weekly.WeeklyResult]] = defaultdict(list)
    for start in range(0, len(pupil_ids), 5000):
        batch = pupil_ids[start:start + 5000]
        for pupil, started_on, level in WeeklyLevel.select(WeeklyLevel.pupil, WeeklyLevel.started_on,
                                                           WeeklyLevel.level).where(WeeklyLevel.pupil.in_(batch)).tuples():
            levels[pupil].append((started_on, weekly.parse_level(level)))
        for pupil, sat_on, level, test, score in WeeklyResult.select(
                WeeklyResult.pupil, WeeklyResult.sat_on, WeeklyResult.level, WeeklyResult.test,
                WeeklyResult.score).where(WeeklyResult.pupil.in_(batch)).tuples():
            sittings[pupil].append(weekly.WeeklyResult(sat_on, level, test, score))
    rows = []
    for pupil in pupil_ids:
        for day, level in weekly.level_changes(sittings[pupil]):
            if weekly.level_on(levels[pupil], day) != level:
                rows.append({"pupil": pupil, "level": level, "started_on": day, "set_by": by})
                levels[pupil].append((day, level))
    return rows
