"""``import marks``: upn, subject, ref, half_term, code.

Each row is appended to the pupils' dot/line/cross record for that half-term
(1-6) of this academic year, as the grid records a keystroke: nothing is
overwritten, and a later row for the same criterion is the newer record. Codes:
``.``, ``/``, ``X`` (or ``x``), or empty to clear. A locked half-term refuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from amtui.db.models import Criterion, CriterionMark, HalfTerm, now
from amtui.domain.codes import Code, parse_code
from amtui.imports.base import Problems
from amtui.imports.criteria import normal_ref
from amtui.imports.reader import Cells, Row, int_between, parse_upn
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


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    subject = cells.get("subject")
    ref = cells.get("ref", normal_ref)
    half_term = cells.get("half_term", int_between(1, 6))
    code = cells.get("code", parse_import_code, blank=Code.BLANK)
    return Item(row.line, upn, subject, ref, half_term, code) if cells.ok else None


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    pupils = pupils_by_upn(items, problems)
    subjects = subjects_by_name(items, problems)
    criteria = {(sid, normal_ref(ref)): cid for cid, sid, ref in
                Criterion.select(Criterion.id, Criterion.subject, Criterion.ref).tuples()}
    year = current_year(ctx.today)
    half_terms = {number: (hid, locked is not None) for hid, number, locked in HalfTerm.select(
        HalfTerm.id, HalfTerm.number, HalfTerm.locked_at)
        .where(HalfTerm.year == year.id).tuples()}
    for item in items:
        subject = subjects.get(item.subject.lower())
        if subject is not None and (subject.id, item.ref) not in criteria:
            problems.add(item.line, f"{subject.name} has no criterion {item.ref} "
                                    "(import criteria first)")
        if half_terms[item.half_term][1]:
            problems.add(item.line, f"half-term {item.half_term} of {year.label} is locked")
    problems.raise_if_any()

    by, at = staff_id(ctx.login), now()
    insert_rows(CriterionMark, [
        {"pupil": pupils[item.upn],
         "criterion": criteria[(subjects[item.subject.lower()].id, item.ref)],
         "half_term": half_terms[item.half_term][0], "code": item.code.value,
         "staff": by, "recorded_at": at, "source": "import"}
        for item in items
    ])
    return len(items), 0
