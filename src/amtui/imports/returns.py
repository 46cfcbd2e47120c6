"""``import returns``: return, date, upn, subject, then aob or projected, and coursework.

``return`` names a window of the academic year of ``date`` (``Y11 October``; the year's
calendar is made on first need); ``date`` is the day the teacher returned it (not before
the window opens). An AOB window takes ``aob`` (A, O or B, or the word); a projected or
final one ``projected`` (a GCSE grade in Years 10-11, a sub-stage in Years 7-9) and, where
it asks for one, ``coursework``. Each row is saved by the same rule as the return screen
(``db.repo.returns.save_return_in``) and recorded as the pupil's group teacher's. All or
nothing, with file, line and reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.repo import returns, returns_read
from amtui.db.repo.staff import identify
from amtui.domain import calendar
from amtui.domain.errors import EntryRefused, UserFacingError
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, parse_upn
from amtui.imports.store import Context, pupils_by_upn, subjects_by_name, unrefused


@dataclass(frozen=True)
class Item:
    line: int
    window: str
    day: dt.date
    upn: str
    subject: str
    aob: str
    projected: str
    coursework: str


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    window = cells.get("return")
    day = cells.get("date", calendar.parse_school_date)
    upn = cells.get("upn", parse_upn)
    subject = cells.get("subject")
    aob, projected = cells.get("aob", blank=""), cells.get("projected", blank="")
    coursework = cells.get("coursework", blank="")
    if cells.ok and not aob and not projected:
        cells.problem("give aob (A, O or B) or projected (a grade)")
    if cells.ok and day > ctx.today:
        cells.problem(f"date: {day:%d/%m/%Y} is after today")
    return Item(row.line, window, day, upn, subject, aob, projected, coursework) if cells.ok else None


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    first: dict[tuple[str, str, str], int] = {}
    for item in items:
        seen = first.setdefault((item.window.lower(), item.upn, item.subject.lower()), item.line)
        if seen != item.line:
            problems.add(item.line, f"{item.upn} {item.subject} in {item.window} is also on line {seen}")
    pupils = pupils_by_upn(items, problems)
    subjects = subjects_by_name(items, problems)
    user = identify(ctx.login, ctx.today)
    teachers: dict[tuple[int, dt.date], dict[int, int]] = {}
    created = 0
    # Every row's return, date and grade are checked too before the refusal; the saves of a
    # refused file are rolled back.
    for item in unrefused(items, problems):
        subject_id = subjects[item.subject.lower()].id
        try:
            window = returns.window_named(calendar.academic_year_of(item.day), item.window)
        except EntryRefused as error:
            problems.add(item.line, f"return: {error}")
            continue
        if item.day < window.opens:  # the save's own refusal names no column and ends "nothing was saved"
            problems.add(item.line, f"date: {window.name} opens on {window.opens:%d/%m/%Y}; a return dated "
                                    f"{item.day:%d/%m/%Y} comes before it")
            continue
        if (subject_id, item.day) not in teachers:
            teachers[(subject_id, item.day)] = returns_read.group_teachers_in(subject_id, item.day)
        entry = returns.Entry(aob=item.aob or None, projected=item.projected or None,
                              coursework=item.coursework or None)
        try:
            created += returns.save_return_in(
                user, window, pupils[item.upn], subject_id, entry, item.day,
                teacher_id=teachers[(subject_id, item.day)].get(pupils[item.upn]),
                at=dt.datetime.combine(item.day, dt.time(12)))
        except UserFacingError as error:
            problems.add(item.line, str(error))
    problems.raise_if_any()
    return created, 0
