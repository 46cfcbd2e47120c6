"""The title line's who: the person's name and their roles, shortened to fit the terminal.

At 80 columns a senior leader who also teaches and mentors ran off the header's right edge
("You (demo) · Teacher, Mentor, Se…"); the roles that fit are shown whole and the rest
counted ("Teacher, Mentor +2"), and ``?`` shows them all.
"""

from __future__ import annotations

from rich.cells import cell_len

HEADER_CHROME = 18
"""The columns Textual's header keeps beside its title: the icon (8) and the clock's (10)."""


def who_line(name: str, roles: list[str], room: int) -> str:
    """``name · roles`` in ``room`` columns: every role, else the first that fit and "+N" for
    the others; at least the first role, which a narrower terminal cuts."""
    if not roles:
        return name
    for count in range(len(roles), 0, -1):
        shown = f"{name} · {', '.join(roles[:count])}" + (f" +{len(roles) - count}" if count < len(roles) else "")
        if cell_len(shown) <= room:
            return shown
    return shown
