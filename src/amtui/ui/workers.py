"""What a person is told when database work off the screen failed (``ui.serial``'s
``DbFailed``): a refusal by the rules or the database out of reach as it is; anything
else is a bug, said as one."""

from __future__ import annotations

from amtui.db.connection import DatabaseBusy, DatabaseUnavailable
from amtui.domain.errors import UserFacingError

SAYS_WHY = (UserFacingError, DatabaseBusy, DatabaseUnavailable)
"""The failures whose message is written for the person at the keyboard: a refusal by the
rules, or the database out of reach. Anything else is a bug, reported as one."""


def failure_text(error: BaseException | None) -> str:
    """What to tell the user when a database call failed."""
    if isinstance(error, SAYS_WHY):
        return str(error)
    name = type(error).__name__ if error is not None else "an unknown error"
    detail = f": {error}" if error is not None and str(error) else ""
    return f"amtui could not read the database ({name}{detail}). Nothing was changed; try again (r)."
