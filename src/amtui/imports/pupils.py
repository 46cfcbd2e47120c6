"""``import pupils``: upn, forename, surname, dob, year, class [mentor, sen, pp, eal].

A known UPN updates that pupil; a class name new to this academic year is created
(for the youngest year group in it). A different mentor ends the current mentor
assignment today and opens a new one, so the history stays. Left empty, the mentor
and class cells mean "none" for class and "no change" for the mentor; absent
sen/pp/eal columns leave those flags as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from amtui.db.models import MentorAssignment, Pupil, SchoolClass, Staff
from amtui.domain import calendar
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, parse_upn, parse_yes_no
from amtui.imports.store import Context, current_year, insert_rows

_YEAR_RE = re.compile(r"^(?:year|yr|y)?\s*([0-9]{1,2})$")
FLAGS = {"sen": "sen", "pp": "pupil_premium", "eal": "eal"}  # column -> Pupil field


def parse_year(text: str) -> int:
    """"R", "Reception", "0" to "11", "Year 4", "Y4": 0 means Reception."""
    word = " ".join(text.lower().split())
    if word in ("r", "reception", "rec"):
        return 0
    match = _YEAR_RE.match(word)
    if match and 0 <= int(match.group(1)) <= 11:
        return int(match.group(1))
    raise ValueError(f"'{text}' is not a year group (R or Reception, 1 to 11, or 'Year 4')")


@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    forename: str
    surname: str
    dob: dt.date | None
    year: int
    class_name: str
    mentor: str | None
    flags: dict[str, bool]  # Pupil field -> value, for the flag columns the file has


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    forename = cells.get("forename")
    surname = cells.get("surname")
    dob = cells.get("dob", calendar.parse_school_date, blank=None)
    if dob is not None and dob > ctx.today:
        cells.problem(f"dob {dob:%d/%m/%Y} is in the future")
    year = cells.get("year", parse_year)
    class_name = cells.get("class", blank="")
    mentor = cells.get("mentor", blank=None)
    flags = {field: cells.get(column, parse_yes_no, blank=False)
             for column, field in FLAGS.items() if row.has(column)}
    if not cells.ok:
        return None
    return Item(row.line, upn, forename, surname, dob, year, class_name, mentor, flags)


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    first_line: dict[str, int] = {}
    for item in items:
        if (first := first_line.setdefault(item.upn, item.line)) != item.line:
            problems.add(item.line, f"UPN {item.upn} is also on line {first}")
    staff = dict(Staff.select(Staff.username, Staff.id).tuples())
    for item in items:
        if item.mentor is not None and item.mentor not in staff:
            problems.add(item.line, f"mentor '{item.mentor}' is not a staff username "
                                    "(import staff first)")
    problems.raise_if_any()

    year = current_year(ctx.today)
    class_ids = _ensure_classes(items, year.id)
    fields = (Pupil.id, Pupil.upn, Pupil.forename, Pupil.surname, Pupil.dob, Pupil.year_group,
              Pupil.school_class, Pupil.sen, Pupil.pupil_premium, Pupil.eal)
    existing = {row["upn"]: row for row in Pupil.select(*fields).dicts()}
    new_rows, updated = [], set()
    for item in items:
        values = {"forename": item.forename, "surname": item.surname, "dob": item.dob,
                  "year_group": item.year,
                  "school_class": class_ids.get(item.class_name.lower()), **item.flags}
        old = existing.get(item.upn)
        if old is None:
            new_rows.append({"upn": item.upn, **values})
        elif any(old[key] != value for key, value in values.items()):
            Pupil.update(**values).where(Pupil.id == old["id"]).execute()
            updated.add(item.upn)
    insert_rows(Pupil, new_rows)
    updated |= _change_mentors(items, staff, ctx.today)
    created = {row["upn"] for row in new_rows}
    return len(created), len(updated - created)


def _ensure_classes(items: list[Item], year_id: int) -> dict[str, int]:
    """Lower-case class name -> id in this year, creating the classes that are new."""
    ids = {name.lower(): cid for cid, name in SchoolClass.select(SchoolClass.id, SchoolClass.name)
           .where(SchoolClass.academic_year == year_id).tuples()}
    for item in sorted(items, key=lambda i: i.year):  # a new class takes its youngest year
        key = item.class_name.lower()
        if key and key not in ids:
            ids[key] = SchoolClass.insert(name=item.class_name, year_group=item.year,
                                          academic_year=year_id).execute()
    return ids


def _change_mentors(items: list[Item], staff: dict[str, int], today: dt.date) -> set[str]:
    """End changed mentor assignments today and open the new ones; the UPNs changed."""
    pupil_ids = dict(Pupil.select(Pupil.upn, Pupil.id).tuples())
    current = {pupil: (aid, mentor) for aid, pupil, mentor in MentorAssignment.select(
        MentorAssignment.id, MentorAssignment.pupil, MentorAssignment.mentor)
        .where(MentorAssignment.end.is_null()).tuples()}
    ended, opened, changed = [], [], set()
    for item in items:
        if item.mentor is None:
            continue
        pupil, mentor = pupil_ids[item.upn], staff[item.mentor]
        now = current.get(pupil)
        if now is not None and now[1] == mentor:
            continue
        if now is not None:
            ended.append(now[0])
        opened.append({"pupil": pupil, "mentor": mentor, "start": today, "reason": "import"})
        changed.add(item.upn)
    for batch in range(0, len(ended), 500):
        MentorAssignment.update(end=today).where(
            MentorAssignment.id.in_(ended[batch:batch + 500])).execute()
    insert_rows(MentorAssignment, opened)
    return changed
