"""``import groups``: group, subject, year, teacher, upn; one row per pupil in a teaching group.

Groups (``10X/Ma2``) and subjects the file names are made; the teacher (a login on the
staff list) is linked to the group as its teacher; each pupil is put in the group for this
academic year. A pupil is in one group per subject: a pupil already in another group of the
subject moves on the day of the import (from the start of the year before term starts),
so the old group keeps the days they were in it. All or nothing, file, line and reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amtui.db.models import Staff, Subject
from amtui.db.repo import groups
from amtui.db.repo.membership import year_span
from amtui.domain.year_group import parse_year_group
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, parse_upn
from amtui.imports.store import Context, current_year, pupils_by_upn, subject_index

FIRST_YEAR, LAST_YEAR = 7, 13
"""Teaching groups are a secondary school's: Years 7 to 13."""


@dataclass(frozen=True)
class Item:
    line: int
    group: str
    subject: str
    year_group: int
    teacher: str
    upn: str


def _secondary_year(text: str) -> int:
    year = parse_year_group(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{text}' is not a secondary year: teaching groups are for Years {FIRST_YEAR}-{LAST_YEAR}")
    return year


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    group = " ".join((cells.get("group") or "").split())
    subject = " ".join((cells.get("subject") or "").split())
    year = cells.get("year", _secondary_year)
    teacher = cells.get("teacher")
    upn = cells.get("upn", parse_upn)
    return Item(row.line, group, subject, year, teacher, upn) if cells.ok else None


def subject_code(name: str, taken: set[str]) -> str:
    """A new subject's letters for its criterion refs: its initial, or more of its letters
    until no other subject has them ("History" -> "H", then "Hi", "His" ...)."""
    letters = re.sub(r"[^A-Za-z]", "", name) or "S"
    for size in range(1, len(letters) + 1):
        code = letters[0].upper() + letters[1:size].lower()
        if code.lower() not in taken:
            return code
    number = 2
    while f"{letters}{number}".lower() in taken:
        number += 1
    return f"{letters}{number}"


def _subjects(items: list[Item]) -> tuple[dict[str, int], int]:
    """Lower-case subject name -> id, making the subjects the file names; how many were made."""
    index = {key: row.id for key, row in subject_index().items()}
    taken = {code.lower() for (code,) in Subject.select(Subject.code).tuples()}
    made = 0
    for item in items:
        key = item.subject.lower()
        if key not in index:
            code = subject_code(item.subject, taken)
            index[key] = Subject.insert(name=item.subject, code=code).execute()
            taken.add(code.lower())
            made += 1
    return index, made


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    pupils = pupils_by_upn(items, problems)
    staff = {login: (sid, active) for sid, login, active in
             Staff.select(Staff.id, Staff.username, Staff.active).tuples()}
    first: dict[tuple[str, str], tuple[int, str]] = {}
    described: dict[str, Item] = {}
    for item in items:
        said = described.setdefault(item.group.lower(), item)
        if (said.subject.lower(), said.year_group) != (item.subject.lower(), item.year_group):
            problems.add(item.line, f"group: {item.group} is {said.subject}, Year {said.year_group} on line "
                                    f"{said.line}; a group is one subject and one year")
        if item.teacher not in staff:
            problems.add(item.line, f"teacher: there is no member of staff with the login '{item.teacher}' "
                                    "(import staff first)")
        elif not staff[item.teacher][1]:
            problems.add(item.line, f"teacher: {item.teacher} has left the staff list")
        seen = first.setdefault((item.upn, item.subject.lower()), (item.line, item.group))
        if seen[0] != item.line:
            problems.add(item.line, f"{item.upn} is in {seen[1]} for {item.subject} on line {seen[0]}: "
                                    "a pupil is in one group per subject")
    problems.raise_if_any()
    subjects, made_subjects = _subjects(items)
    year = current_year(ctx.today)
    start = year_span(year.start_year)[0]
    on = None if ctx.today <= start else ctx.today
    group_ids: dict[str, int] = {}
    made = 0
    for item in items:
        if item.group.lower() in group_ids:
            continue
        try:
            group_ids[item.group.lower()], new = groups.ensure_group_in(
                item.group, subjects[item.subject.lower()], item.year_group, year.id)
        except ValueError as error:
            problems.add(item.line, f"group: {error}")
            continue
        made += new
    problems.raise_if_any()
    placed = 0
    for item in items:
        group_id = group_ids[item.group.lower()]
        groups.teach_in(staff[item.teacher][0], group_id, on)
        placed += groups.join_in(pupils[item.upn], group_id, subjects[item.subject.lower()], on)
    ctx.notes.clear()
    if made or made_subjects:
        ctx.notes.append(f"Made {made} group{'s' if made != 1 else ''} and {made_subjects} "
                         f"subject{'s' if made_subjects != 1 else ''}.")
    return placed, 0
