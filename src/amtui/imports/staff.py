"""``import staff``: username, name, roles [classes].

``username`` is the member of staff's login on the server; roles are separated by
``;`` (teacher, ta, mentor, hod, hoy, slt, admin). ``classes`` lists this year's
class names, separated by ``;``: the person is linked to each as its teacher
(links are added, never removed, so a re-import cannot drop someone's class).
A known username gets the new name and roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.db.models import ClassStaff, SchoolClass, Staff
from amtui.domain.roles import Role, parse_roles
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row
from amtui.imports.store import Context, current_year, insert_rows


def parse_username(text: str) -> str:
    username = text.strip()
    if any(ch.isspace() for ch in username):
        raise ValueError(f"'{text}' is not a login name (no spaces allowed)")
    return username


def _roles_text(roles: frozenset[Role]) -> str:
    """Roles in a fixed order, as the staff table stores them."""
    return ";".join(role.value for role in Role if role in roles)


@dataclass(frozen=True)
class Item:
    line: int
    username: str
    name: str
    roles: str
    classes: tuple[str, ...]


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    username = cells.get("username", parse_username)
    name = cells.get("name")
    roles = cells.get("roles", parse_roles, blank=frozenset())
    classes = tuple(part.strip() for part in cells.get("classes", blank="").split(";")
                    if part.strip())
    if not cells.ok:
        return None
    return Item(row.line, username, name, _roles_text(roles), classes)


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    first_line: dict[str, int] = {}
    for item in items:
        if (first := first_line.setdefault(item.username, item.line)) != item.line:
            problems.add(item.line, f"username {item.username} is also on line {first}")
    year = current_year(ctx.today)
    class_ids = {name.lower(): cid for cid, name in SchoolClass.select(
        SchoolClass.id, SchoolClass.name).where(SchoolClass.academic_year == year.id).tuples()}
    for item in items:
        for name in item.classes:
            if name.lower() not in class_ids:
                known = ", ".join(sorted(class_ids)) or "none yet: import pupils first"
                problems.add(item.line, f"there is no class '{name}' in {year.label} "
                                        f"(classes: {known})")
    problems.raise_if_any()

    existing = {username: (sid, name, roles) for sid, username, name, roles in Staff.select(
        Staff.id, Staff.username, Staff.name, Staff.roles).tuples()}
    new_rows, updated = [], set()
    for item in items:
        old = existing.get(item.username)
        if old is None:
            new_rows.append({"username": item.username, "name": item.name, "roles": item.roles})
        elif old[1:] != (item.name, item.roles):
            Staff.update(name=item.name, roles=item.roles).where(Staff.id == old[0]).execute()
            updated.add(item.username)
    insert_rows(Staff, new_rows)
    staff_ids = dict(Staff.select(Staff.username, Staff.id).tuples())
    linked = set(ClassStaff.select(ClassStaff.school_class, ClassStaff.staff).tuples())
    links = []
    for item in items:
        for name in item.classes:
            key = (class_ids[name.lower()], staff_ids[item.username])
            if key not in linked:
                linked.add(key)
                links.append({"school_class": key[0], "staff": key[1], "role": "teacher"})
                updated.add(item.username)
    insert_rows(ClassStaff, links)
    created = {row["username"] for row in new_rows}
    return len(created), len(updated - created)
