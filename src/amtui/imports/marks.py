"""``import marks``: upn, subject, ref, half_term, code (optional: year).

Each row is appended to the pupils' dot/line/cross record for that half-term
(1-6) of this academic year, or of the academic year starting in ``year`` (e.g.
``2024`` or ``2024-25``: a school bringing its earlier years' records), as the
grid records a keystroke: nothing is
overwritten, and a later row for the same criterion is the newer record. Codes:
``.``, ``/``, ``X`` (or ``x``), or empty to clear. A locked half-term refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from amtui.db.models import AcademicYear, Criterion, CriterionMark, HalfTerm, now
from amtui.db.repo.school import ensure_year
from amtui.domain.codes import Code, parse_code
from amtui.domain.half_term import HalfTermNumber
from amtui.imports.base import Problems
from amtui.imports.criteria import normal_ref
from amtui.imports.reader import Cells, Row, parse_upn
from amtui.imports.store import (
    Context, current_year, insert_rows, pupils_by_upn, staff_id, subjects_by_name,
)


@lru_cache(maxsize=64)  # a handful of distinct codes, repeated on every row
def parse_import_code(text: str) -> Code:
    """The codes a file may carry; absence ("A") is kept for the grid."""
    code = parse_code(text)
    if code is Code.ABSENT:
        raise ValueError(f"code '{text}' is not one of . / X (or empty)")
    return code


@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    subject: str
    ref: str
    half_term: int
    code: Code
    year: int | None


def parse_year(text: str) -> int:
    """An academic year by its start: ``2024`` or ``2024-25``."""
    start = text.strip().split("-")[0].split("/")[0]
    if not (start.isdigit() and 2000 <= int(start) <= 2100):
        raise ValueError(f"year '{text}' is not an academic year like 2024 or 2024-25")
    return int(start)


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    subject = cells.get("subject")
    ref = cells.get("ref", normal_ref)
    half_term = cells.get("half_term", HalfTermNumber.parse)
    code = cells.get("code", parse_import_code, blank=Code.BLANK)
    year = cells.get("year", parse_year, blank=None)
    return Item(row.line, upn, subject, ref, half_term, code, year) if cells.ok else None


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    pupils = pupils_by_upn(items, problems)
    subjects = subjects_by_name(items, problems)
    criteria = {(sid, normal_ref(ref)): cid for cid, sid, ref in
                Criterion.select(Criterion.id, Criterion.subject, Criterion.ref).tuples()}
    this_year = current_year(ctx.today)
    years = {this_year.start_year: this_year}
    years.update({y: ensure_year(y) for y in {i.year for i in items if i.year} - set(years)})
    half_terms = {(start, number): (hid, locked is not None) for hid, start, number, locked in HalfTerm.select(
        HalfTerm.id, AcademicYear.start_year, HalfTerm.number, HalfTerm.locked_at)
        .join(AcademicYear).where(HalfTerm.year.in_([y.id for y in years.values()])).tuples()}
    for item in items:
        subject = subjects.get(item.subject.lower())
        if subject is not None and (subject.id, item.ref) not in criteria:
            problems.add(item.line, f"{subject.name} has no criterion {item.ref} "
                                    "(import criteria first)")
        year = years[item.year or this_year.start_year]
        if half_terms[(year.start_year, item.half_term)][1]:
            problems.add(item.line, f"half-term {item.half_term} of {year.label} is locked")
    problems.raise_if_any()

    by, at = staff_id(ctx.login), now()
    insert_rows(CriterionMark, [
        {"pupil": pupils[item.upn],
         "criterion": criteria[(subjects[item.subject.lower()].id, item.ref)],
         "half_term": half_terms[(item.year or this_year.start_year, item.half_term)][0],
         "code": item.code.value,
         "staff": by, "recorded_at": at, "source": "import"}
        for item in items
    ])
    return len(items), 0
