"""``import staff``: username, name, roles [classes, year].

``username`` is the member of staff's login on the server; roles are separated by
``;`` (teacher, ta, mentor, hod, hoy, slt, admin), at least one. With a ``classes``
column, each listed person's classes this year become exactly the ones named (separated
by ``;``): a class left out ends their link to it today, a new one starts today, so a
teacher moved to another class is moved, with the dates of both kept. A class that does
not exist yet is created, for the row's ``year`` group or the year its name begins with
("4A", "Y4 Elm"): so staff may be imported before pupils. A person with the TA role and
not the teacher role supports their classes as a TA. A known username gets the new name
and roles; staff not in the file are left as they are. A leaver listed (an MIS export
made before they left, or before they came back) stays a leaver, their row untouched, and
the summary names them with how to bring one back (``amtui staff add``). A file that would
leave the school with no active admin is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amtui.db.models import ClassStaff, SchoolClass, Staff
from amtui.db.repo import groups
from amtui.db.repo.staff import links_open_on
from amtui.db.repo.staffing import active_admins
from amtui.domain.heads import head_refusal, parse_head
from amtui.domain.roles import NO_ADMIN_LEFT, Role, parse_login, parse_some_roles, roles_text
from amtui.domain.year_group import parse_year_group
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row
from amtui.imports.store import Context, current_year, insert_rows, subject_index

_YEAR_IN_NAME = re.compile(r"^(?:y|year|yr)?\s*(\d{1,2})(?=[a-z\s/-])", re.IGNORECASE)


def year_in_name(name: str) -> int | None:
    """The year group a class name begins with ("4A", "10X/Ma", "Y4 Elm"), if any."""
    match = _YEAR_IN_NAME.match(name.strip())
    return int(match.group(1)) if match and int(match.group(1)) <= 13 else None


@dataclass(frozen=True)
class Item:
    line: int
    username: str
    name: str
    roles: frozenset[Role]
    classes: tuple[str, ...] | None  # None: the file has no classes column (links left alone)
    year: int | None
    heads: tuple[str, ...] | None = None  # subjects and year groups headed; None: no heads column

    @property
    def link_role(self) -> str:
        return "ta" if Role.TA in self.roles and Role.TEACHER not in self.roles else "teacher"


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    username = cells.get("username", parse_login)
    name = cells.get("name")
    roles = cells.get("roles", parse_some_roles)
    classes = None
    if row.has("classes"):
        classes = tuple(dict.fromkeys(part.strip() for part in cells.get("classes", blank="").split(";")
                                      if part.strip()))
    year = cells.get("year", parse_year_group, blank=None) if row.has("year") else None
    heads = None
    if row.has("heads"):
        heads = tuple(part.strip() for part in cells.get("heads", blank="").split(";") if part.strip())
    if not cells.ok:
        return None
    return Item(row.line, username, name, roles, classes, year, heads)


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    first_line: dict[str, int] = {}
    for item in items:
        if (first := first_line.setdefault(item.username, item.line)) != item.line:
            problems.add(item.line, f"username {item.username} is also on line {first}")
    leavers = _leavers_listed(items, ctx)
    items = [item for item in items if item.username not in leavers]
    year = current_year(ctx.today)
    class_ids = {name.lower(): cid for cid, name in SchoolClass.select(
        SchoolClass.id, SchoolClass.name).where(SchoolClass.academic_year == year.id).tuples()}
    new_classes = _new_classes(items, class_ids, problems, year.label)
    problems.raise_if_any()

    for name, year_group in new_classes.items():
        class_ids[name.lower()] = SchoolClass.insert(name=name, year_group=year_group,
                                                     academic_year=year.id).execute()
    admins_before = active_admins()
    existing = {username: (sid, name, roles) for sid, username, name, roles in Staff.select(
        Staff.id, Staff.username, Staff.name, Staff.roles).tuples()}
    new_rows, updated = [], set()
    for item in items:
        old = existing.get(item.username)
        if old is None:
            new_rows.append({"username": item.username, "name": item.name, "roles": roles_text(item.roles)})
        elif old[1:] != (item.name, roles_text(item.roles)):
            Staff.update(name=item.name, roles=roles_text(item.roles)).where(Staff.id == old[0]).execute()
            updated.add(item.username)
    insert_rows(Staff, new_rows)
    if not active_admins():
        lines = [i.line for i in items if i.username in admins_before and Role.ADMIN not in i.roles]
        problems.add(lines[0] if lines else 1, f"refused: {NO_ADMIN_LEFT}")
    elif ctx.login not in active_admins() and not existing:
        problems.add(1, f"refused: you ({ctx.login}) are not an admin in this file, so you could not "
                        "import again; add yourself with the admin role")
    problems.raise_if_any()
    updated |= _set_classes(items, class_ids, year.id, ctx)
    updated |= _set_heads(items, problems)
    created = {row["username"] for row in new_rows}
    return len(created), len(updated - created)


def _leavers_listed(items: list[Item], ctx: Context) -> set[str]:
    """The leavers the file lists, named in the summary: they stay leavers, their rows unapplied."""
    ctx.notes.clear()  # afresh: a busy database runs this again
    left = {username: left_on for username, left_on in Staff.select(Staff.username, Staff.left_on)
            .where((Staff.active == False) & Staff.username.in_([i.username for i in items])).tuples()}  # noqa: E712
    if left:
        named = ", ".join(f"{login} (left {day:%d/%m/%Y})" if day else login for login, day in sorted(left.items()))
        ctx.notes.append(f"Still leavers, their rows not applied: {named}; amtui staff add LOGIN \"NAME\" "
                         "--roles R brings one back.")
    return set(left)


def _new_classes(items: list[Item], class_ids: dict[str, int], problems: Problems,
                 year_label_text: str) -> dict[str, int]:
    """The classes the file names that this year does not have yet, with their year group."""
    new: dict[str, int] = {}
    for item in items:
        for name in item.classes or ():
            if name.lower() in class_ids or name in new:
                continue
            year_group = item.year if item.year is not None else year_in_name(name)
            if year_group is None:
                problems.add(item.line, f"there is no class '{name}' in {year_label_text} yet: give its year "
                                        "group in a 'year' column (or import pupils first)")
            elif any(other.lower() == name.lower() and group != year_group for other, group in new.items()):
                problems.add(item.line, f"class '{name}' is given two year groups in the file")
            else:
                new.setdefault(name, year_group)
    return new


def _set_classes(items: list[Item], class_ids: dict[str, int], year_id: int, ctx: Context) -> set[str]:
    """Each listed person's links this year become exactly their classes; the usernames changed."""
    staff_ids = dict(Staff.select(Staff.username, Staff.id).tuples())
    this_year = SchoolClass.select(SchoolClass.id).where(SchoolClass.academic_year == year_id)
    open_links: dict[int, dict[int, tuple[int, str]]] = {}
    for link_id, staff, school_class, role in (
            ClassStaff.select(ClassStaff.id, ClassStaff.staff, ClassStaff.school_class, ClassStaff.role)
            .where(links_open_on(ctx.today) & ClassStaff.school_class.in_(this_year)).tuples()):
        open_links.setdefault(staff, {})[school_class] = (link_id, role)
    ended, started, changed = [], [], set()
    for item in items:
        if item.classes is None:
            continue
        staff = staff_ids[item.username]
        wanted = {class_ids[name.lower()] for name in item.classes}
        mine = open_links.get(staff, {})
        ends = [link_id for school_class, (link_id, role) in mine.items()
                if school_class not in wanted or role != item.link_role]
        starts = [{"school_class": school_class, "staff": staff, "role": item.link_role, "start": ctx.today}
                  for school_class in sorted(wanted)
                  if school_class not in mine or mine[school_class][1] != item.link_role]
        if ends or starts:
            ended += ends
            started += starts
            changed.add(item.username)
    ClassStaff.update(end=ctx.today).where(ClassStaff.id.in_(ended)).execute()
    insert_rows(ClassStaff, started)
    return changed



def _set_heads(items: list[Item], problems: Problems) -> set[str]:
    """What heads of department and of year head (the ``heads`` column: subjects and year
    groups, ``;``-separated, such as ``Science`` or ``Year 10``); each listed person heads
    exactly those. A subject needs the hod role, a year the hoy role."""
    subjects = list(subject_index().values())
    wanted: dict[str, tuple[set[int], set[int]]] = {}
    for item in items:
        if item.heads is None:
            continue
        heads_subjects, heads_years = wanted.setdefault(item.username, (set(), set()))
        for part in item.heads:
            try:
                head = parse_head(part, subjects)
            except ValueError as error:
                problems.add(item.line, f"heads: {error}")
                continue
            if refused := head_refusal(head, item.roles):
                problems.add(item.line, f"heads: {refused}")
            elif head.subject_id is not None:
                heads_subjects.add(head.subject_id)
            else:
                heads_years.add(head.year_group)
    problems.raise_if_any()
    ids = dict(Staff.select(Staff.username, Staff.id).where(Staff.username.in_(list(wanted))).tuples())
    return {login for login, (subject_ids, years) in wanted.items()
            if groups.set_heads_in(ids[login], subject_ids, years)}
