"""Staff roles. What each may do is in ``amtui.domain.permissions``."""

from __future__ import annotations

import re
from enum import Enum


class Role(str, Enum):
    """A staff role; one person may hold several."""

    TEACHER = "teacher"
    TA = "ta"
    MENTOR = "mentor"
    HOD = "hod"
    HOY = "hoy"
    SLT = "slt"
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
            raise ValueError(f"{part.strip()!r} is not a role; use teacher, ta, "
                             "mentor, hod, hoy, slt or admin")
        roles.add(_ALIASES[key])
    return frozenset(roles)
