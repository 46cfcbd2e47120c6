"""``import pupils``: upn, forename, surname, dob, year, class [mentor, sen, pp, eal,
gender, first_language, looked_after, preferred_forename, preferred_surname].

The headers SIMS, Arbor and Bromcom write are read too (``headers.MIS_HEADERS``). A known
UPN updates that pupil; a class name new to this academic year is created (for the
youngest year group in it). A different mentor ends the current mentor assignment today
and opens a new one, so the history stays. Left empty, the mentor and class cells mean
"none" for class and "no change" for the mentor; an absent characteristic column (sen,
pp, eal, gender, looked_after) leaves that characteristic as it is. A first language
other than English means EAL, unless the file has an EAL column too.

``apply`` also writes the pupils of a Common Transfer File (``ctf``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from amtui.db.models import MentorAssignment, Pupil, SchoolClass, Staff
from amtui.db.repo import membership
from amtui.domain import calendar, characteristics
from amtui.domain.year_group import parse_year_group
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, parse_upn, parse_yes_no
from amtui.imports.store import Context, current_year, insert_rows

DETAILS: dict[str, tuple[str, Any, Any]] = {
    "sen": ("sen_status", characteristics.parse_sen, characteristics.SEN_NONE),
    "pp": ("pupil_premium", parse_yes_no, False),
    "eal": ("eal", parse_yes_no, False),
    "gender": ("gender", characteristics.parse_gender, ""),
    "looked_after": ("looked_after", parse_yes_no, False),
}
"""Column -> (Pupil field, parser, value of an empty cell)."""


@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    forename: str
    surname: str
    dob: dt.date | None
    year: int
    class_name: str | None  # None: the file names no class (a CTF); the pupil's stays
    mentor: str | None
    details: dict[str, Any]  # Pupil field -> value, for the characteristics the file gives


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    # The name the school uses wins: a preferred name, else the legal one.
    forename = cells.get("preferred_forename", blank="") or cells.get("forename")
    surname = cells.get("preferred_surname", blank="") or cells.get("surname")
    dob = cells.get("dob", calendar.parse_school_date, blank=None)
    check_dob(dob, ctx, cells.problem)
    year = cells.get("year", parse_year_group)
    class_name = cells.get("class", blank="")
    mentor = cells.get("mentor", blank=None)
    details = {field: cells.get(column, parse, blank=blank)
               for column, (field, parse, blank) in DETAILS.items() if row.has(column)}
    if row.has("first_language") and not row.has("eal"):
        details["eal"] = characteristics.eal_from_first_language(row.get("first_language"))
    if not cells.ok:
        return None
    return Item(row.line, upn, forename, surname, dob, year, class_name, mentor, details)


def check_dob(dob: dt.date | None, ctx: Context, problem) -> None:
    """A date of birth in the future is a problem (a day and month swapped, a typing slip)."""
    if dob is not None and dob > ctx.today:
        problem(f"dob {dob:%d/%m/%Y} is in the future")


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
              Pupil.school_class, Pupil.sen_status, Pupil.pupil_premium, Pupil.eal, Pupil.gender,
              Pupil.looked_after)
    existing = {row["upn"]: row for row in Pupil.select(*fields).dicts()}
    new_rows, updated = [], set()
    for item in items:
        values = {"forename": item.forename, "surname": item.surname, "dob": item.dob,
                  "year_group": item.year, **item.details}
        if item.class_name is not None:
            values["school_class"] = class_ids.get(item.class_name.lower())
        old = existing.get(item.upn)
        if old is None:
            new_rows.append({"upn": item.upn, "school_class": None, **values})
        elif any(old[key] != value for key, value in values.items()):
            Pupil.update(**values).where(Pupil.id == old["id"]).execute()
            updated.add(item.upn)
    insert_rows(Pupil, new_rows)  # every row has the same keys: one file's columns
    updated |= _place_in_classes(items, year.id, class_ids, ctx.today)
    updated |= _change_mentors(items, staff, ctx.today)
    created = {row["upn"] for row in new_rows}
    return len(created), len(updated - created)


def _ensure_classes(items: list[Item], year_id: int) -> dict[str, int]:
    """Lower-case class name -> id in this year, creating the classes that are new."""
    ids = {name.lower(): cid for cid, name in SchoolClass.select(SchoolClass.id, SchoolClass.name)
           .where(SchoolClass.academic_year == year_id).tuples()}
    for item in sorted(items, key=lambda i: i.year):  # a new class takes its youngest year
        key = (item.class_name or "").lower()
        if key and key not in ids:
            ids[key] = SchoolClass.insert(name=item.class_name, year_group=item.year,
                                          academic_year=year_id).execute()
    return ids


def _place_in_classes(items: list[Item], year_id: int, class_ids: dict[str, int], today: dt.date) -> set[str]:
    """Each pupil's class and year group this year from ``today`` (a class left out of the
    file, as in a CTF, stays); the UPNs whose class changed."""
    pupils = {upn: (pid, cid) for pid, upn, cid in Pupil.select(Pupil.id, Pupil.upn, Pupil.school_class).tuples()}
    changed = set()
    for item in items:
        pupil_id, class_now = pupils[item.upn]
        class_id = class_now if item.class_name is None else class_ids.get(item.class_name.lower())
        if membership.place(pupil_id, year_id, class_id, item.year, today):
            changed.add(item.upn)
    return changed


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
