"""Who is at the keyboard and for which school, read as amtui opens (``load_session``), and
the screen at the bottom of the stack while it does (``OpeningScreen``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.screen import Screen

from amtui.db.repo import school, staff
from amtui.db.repo.staff import CurrentUser
from amtui.domain.errors import UserFacingError


@dataclass(frozen=True)
class Session:
    """Who is using amtui, and for which school."""

    user: CurrentUser
    school_name: str
    trust_only: bool = False
    """A trust role that chose no school: the trust view is all there is to show (a
    school's screens need a school)."""


def load_session(login: str, today: dt.date | None = None) -> Session:
    """Who ``login`` is, with the classes they teach on ``today`` (default: the real today).
    On a trust's server with no school chosen among several: a trust role's session is the
    trust view's; anyone else is asked to choose (UserFacingError)."""
    from amtui.db import trust
    from amtui.db.connection import database, read

    several = read(lambda: trust.unchosen(database.obj))
    if several:
        from amtui.db.repo.trust_view import trust_reader

        if not trust_reader():
            raise UserFacingError(f"You work in {len(several)} of the trust's schools: open one with amtui "
                                  f"--school NAME (or AMTUI_SCHOOL). Yours: {trust.listed(several)}.")
        return Session(staff.identify(login, today), "", trust_only=True)
    return Session(staff.identify(login, today), school.school_name())


class OpeningScreen(Screen):
    """The bottom of the stack: "Opening..." at start; home whenever it shows again.

    ``amtui grid ...`` opens straight on its screen, without building home first (quicker,
    and less memory); leaving that screen comes back here, and home is opened then.
    """

    def on_screen_resume(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is not None and len(self.app.screen_stack) == 1:
            self.app.open_screen("trust" if session.trust_only else "home")  # type: ignore[attr-defined]
