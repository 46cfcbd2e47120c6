"""Staff roles. What each may do is in ``amtui.domain.permissions``."""

from __future__ import annotations

import re
from enum import Enum

from amtui.domain.errors import InputRefused


class Role(str, Enum):
    """A staff role; one person may hold several."""

    TEACHER = "teacher"
    TA = "ta"
    MENTOR = "mentor"
    HOD = "hod"
    HOY = "hoy"
    SLT = "slt"
    AMT = "amt"  # the Assertive Mentoring team: SLT and the staff it names
    ADMIN = "admin"

    @property
    def title(self) -> str:
        """The role's name for screens, e.g. "Head of department"."""
        return _TITLES[self]


_TITLES = {
    Role.TEACHER: "Teacher",
    Role.TA: "Teaching assistant",
    Role.MENTOR: "Mentor",
    Role.HOD: "Head of department",
    Role.HOY: "Head of year",
    Role.SLT: "Senior leadership",
    Role.AMT: "Assertive Mentoring team",
    Role.ADMIN: "Admin",
}

# Spellings people type in staff lists, normalised (lower case, single spaces,
# no dots); values and titles are added below.
_ALIASES = {
    "class teacher": Role.TEACHER, "form tutor": Role.TEACHER, "tutor": Role.TEACHER,
    "teaching assistant": Role.TA, "teaching asst": Role.TA, "lsa": Role.TA,
    "head of dept": Role.HOD, "head of department": Role.HOD,
    "head of year": Role.HOY, "year head": Role.HOY,
    "senior leadership": Role.SLT, "senior leadership team": Role.SLT,
    "senior leader": Role.SLT, "leadership": Role.SLT,
    "am team": Role.AMT, "mentoring team": Role.AMT,
    "administrator": Role.ADMIN, "data manager": Role.ADMIN,
}
for _role in Role:
    _ALIASES[_role.value] = _role
    _ALIASES[_role.title.lower()] = _role


def parse_roles(text: str) -> frozenset[Role]:
    """Read roles separated by ``;`` ``,`` or ``|``, e.g. ``"teacher; SLT;ta"``.

    Accepts the stored values, titles and common spellings; ValueError names the
    first one it cannot read. An empty text is no roles.
    """
    roles = set()
    for part in re.split(r"[;,|]", str(text)):
        key = " ".join(part.replace(".", "").lower().split())
        if not key:
            continue
        if key not in _ALIASES:
            raise InputRefused(f"{part.strip()!r} is not a role; use teacher, ta, "
                             "mentor, hod, hoy, slt or admin")
        roles.add(_ALIASES[key])
    return frozenset(roles)


def parse_some_roles(text: str) -> frozenset[Role]:
    """As :func:`parse_roles`, but at least one role: a member of staff with none could do
    nothing, and a blank cell is more often a mistake than a meaning."""
    roles = parse_roles(text)
    if not roles:
        raise InputRefused("no role given; use teacher, ta, mentor, hod, hoy, slt or admin")
    return roles


def roles_text(roles: frozenset[Role]) -> str:
    """Roles in a fixed order, as the staff table stores them: ``"teacher;mentor"``."""
    return ";".join(role.value for role in Role if role in roles)


def parse_login(text: str) -> str:
    """A member of staff's login on the server (no spaces, not empty)."""
    login = str(text).strip()
    if not login or any(ch.isspace() for ch in login):
        raise InputRefused(f"'{text}' is not a login name (no spaces allowed)")
    return login


NO_ADMIN_LEFT = ("the school would have no active admin left, and nobody could import, manage staff "
                 "or take backups; keep at least one active member of staff with the admin role")
"""Why a change that takes the last active admin's role away (or their login) is refused."""
