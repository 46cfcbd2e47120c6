"""How a pupil is named on screen, and the order lists of pupils go in.

Every screen names a pupil "Forename Surname" (as a teacher says it: "Kacper Fox-Pitt"),
and lists pupils by surname, then forename. Exports keep surname and forename in columns
of their own; a list's type-to-jump finds a pupil by any word of the name, so the surname
still reaches its row.
"""

from __future__ import annotations


def pupil_name(forename: str, surname: str) -> str:
    """The pupil's name as every screen shows it: "Forename Surname"."""
    return f"{forename} {surname}"


def name_order(surname: str, forename: str) -> tuple[str, str]:
    """The sort key of a list of pupils: by surname, then forename, whatever their case."""
    return surname.casefold(), forename.casefold()
