"""Look-ups and bulk writes the imports share; called inside the import's transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import chunked

from amtui.db.models import AcademicYear, BaseModel, Pupil, Staff, Subject
from amtui.db.repo.school import ensure_year
from amtui.domain import calendar
from amtui.domain.scale import Scale
from amtui.domain.settings import Settings
from amtui.imports.base import Problems

# SQLite before 3.32 allowed 999 bound values per statement; since then 32766.
MAX_VARIABLES = 30_000 if sqlite3.sqlite_version_info >= (3, 32) else 999


@dataclass(frozen=True)
class Context:
    """What every kind's checks and writes may need to know."""

    path: Path
    login: str
    today: dt.date
    settings: Settings
    scale: Scale
    notes: list[str] = field(default_factory=list)
    """Warnings for the summary (the import goes ahead); ``apply`` fills it afresh each attempt."""


def insert_rows(model: type[BaseModel], rows: list[dict]) -> None:
    """Insert many rows (all with the keys of the first) in one prepared statement.

    peewee's ``insert_many`` spends far longer building SQL text than the database
    spends inserting (a year's marks for a school: 200,000 rows); so peewee writes
    the statement for one row, and the driver's ``executemany`` runs it for all.
    """
    if not rows:
        return
    names = list(rows[0])
    missing = {f.name: f.default for f in model._meta.defaults if f.name not in names}
    fields = [model._meta.fields[name] for name in names + list(missing)]
    fixed = {name: value() if callable(value) else value for name, value in missing.items()}
    values = [tuple(row[f.name] if f.name in row else fixed[f.name] for f in fields)
              for row in rows]
    sql, first = model.insert_many(values[:1], fields=fields).sql()
    params = [tuple(f.db_value(v) for f, v in zip(fields, row)) for row in values]
    if list(first) != list(params[0]):  # peewee wrote something else: let it do all the work
        for batch in chunked(values, max(1, MAX_VARIABLES // len(fields))):
            model.insert_many(batch, fields=fields).execute()
        return
    model._meta.database.cursor().executemany(sql, params)


def current_year(today: dt.date) -> AcademicYear:
    """This academic year's row (created with its half-terms when new)."""
    return ensure_year(calendar.academic_year_of(today))


def staff_id(login: str) -> int | None:
    """The importing user's staff id, to record who set things (None if not staff)."""
    row = Staff.select(Staff.id).where(Staff.username == login).tuples().first()
    return row[0] if row else None


def pupils_by_upn(items: Iterable, problems: Problems) -> dict[str, int]:
    """UPN -> pupil id for every item's ``upn``; unknown UPNs are problems."""
    known = dict(Pupil.select(Pupil.upn, Pupil.id).tuples())
    for item in items:
        if item.upn not in known:
            problems.add(item.line, f"no pupil has UPN {item.upn} (import pupils first)")
    return known


def unrefused(items: list, problems: Problems) -> list:
    """The items no problem has been found on yet: the later checks (a save's own rules) go on
    with them, so one refusal lists every row's problems, not those of one stage."""
    refused = {problem.line for problem in problems.found}
    return [item for item in items if item.line not in refused]


@dataclass(frozen=True)
class SubjectRow:
    id: int
    name: str
    code: str


def subject_index() -> dict[str, SubjectRow]:
    """Subjects by lower-case name and by lower-case code."""
    index: dict[str, SubjectRow] = {}
    for sid, name, code in Subject.select(Subject.id, Subject.name, Subject.code).tuples():
        row = SubjectRow(sid, name, code)
        index[code.lower()] = row
        index[name.lower()] = row  # a name wins over another subject's code
    return index


def subjects_by_name(items: Iterable, problems: Problems) -> dict[str, SubjectRow]:
    """The subject index; every item's ``subject`` that is not in it is a problem."""
    index = subject_index()
    for item in items:
        if item.subject.lower() not in index:
            names = ", ".join(sorted({s.name for s in index.values()})) or "none yet"
            problems.add(item.line, f"there is no subject '{item.subject}' "
                                    f"(subjects: {names}; import criteria first)")
    return index
