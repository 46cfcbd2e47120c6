"""``import attendance``: upn, half_term, percent, from the school's MIS, for this academic year.

Each row sets the pupil's attendance for a half-term (1-6, or "HT3"); its colour comes
from the settings (green from 96%, yellow from 90%). A figure already recorded is
replaced (counted as updated); the other attitude ratings are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.db.models import AttitudeRecord, HalfTerm, now
from amtui.db.repo.attitude import ATTENDANCE, parse_percent
from amtui.domain.attitude import attendance_colour
from amtui.domain.half_term import HalfTermNumber
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, parse_upn
from amtui.imports.store import Context, current_year, insert_rows, pupils_by_upn, staff_id

@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    half_term: int
    percent: float


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    number = cells.get("half_term", HalfTermNumber.parse)
    percent = cells.get("percent", parse_percent)
    return Item(row.line, upn, number, percent) if cells.ok else None


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    first_line: dict[tuple[str, int], int] = {}
    for item in items:
        if (first := first_line.setdefault((item.upn, item.half_term), item.line)) != item.line:
            problems.add(item.line, f"{item.upn} HT{item.half_term} is also on line {first}")
    pupils = pupils_by_upn(items, problems)
    problems.raise_if_any()

    year = current_year(ctx.today)
    terms = dict(HalfTerm.select(HalfTerm.number, HalfTerm.id).where(HalfTerm.year == year).tuples())
    ids = sorted({pupils[item.upn] for item in items})
    existing = {(pupil, half_term): (rid, percent) for rid, pupil, half_term, percent in
                AttitudeRecord.select(AttitudeRecord.id, AttitudeRecord.pupil, AttitudeRecord.half_term,
                                      AttitudeRecord.percent)
                .where(AttitudeRecord.aspect == ATTENDANCE, AttitudeRecord.pupil.in_(ids),
                       AttitudeRecord.half_term.in_(list(terms.values()))).tuples()}
    by, at = staff_id(ctx.login), now()
    new_rows, updated = [], 0
    for item in items:
        pupil, half_term = pupils[item.upn], terms[item.half_term]
        rating = attendance_colour(item.percent, ctx.settings).value
        found = existing.get((pupil, half_term))
        if found is None:
            new_rows.append({"pupil": pupil, "half_term": half_term, "aspect": ATTENDANCE, "rating": rating,
                             "percent": item.percent, "staff": by, "recorded_at": at})
        elif found[1] != item.percent:
            AttitudeRecord.update(rating=rating, percent=item.percent, staff=by, recorded_at=at).where(
                AttitudeRecord.id == found[0]).execute()
            updated += 1
    insert_rows(AttitudeRecord, new_rows)
    return len(new_rows), updated
