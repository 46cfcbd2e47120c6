"""The amtui Textual app: opens on the home screen for the person at the keyboard.

Thin by design: screens live in ``ui/screens``, destinations in ``ui/navigation``,
database calls in ``db/repo``. The app loads the session (who is using it, the
school's name) in a worker, then shows the home screen.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from amtui.db.repo import school, staff
from amtui.db.repo.staff import CurrentUser
from amtui.db.startup import Opened
from amtui.ui import navigation
from amtui.ui.commands import ScreensProvider
from amtui.ui.hangup import close_on_hangup
from amtui.ui.lean_updates import lean_updates
from amtui.ui.serial import JobWaiting
from amtui.ui.workers import ReportsDbFailures, failure_text, run_db


@dataclass(frozen=True)
class Session:
    """Who is using amtui, and for which school."""

    user: CurrentUser
    school_name: str


def load_session(login: str) -> Session:
    return Session(staff.identify(login), school.school_name())


class OpeningScreen(Screen):
    """The bottom of the stack: "Opening..." at start; home whenever it shows again.

    ``amtui grid ...`` opens straight on its screen, without building home first (quicker,
    and less memory); leaving that screen comes back here, and home is opened then.
    """

    def on_screen_resume(self) -> None:
        if self.app.session is not None and len(self.app.screen_stack) == 1:  # type: ignore[attr-defined]
            self.app.open_screen("home")  # type: ignore[attr-defined]


class AmtuiApp(ReportsDbFailures, App[int]):
    """Assertive Mentoring for one school's database."""

    CSS_PATH = "app.tcss"
    TITLE = "amtui"
    COMMANDS = App.COMMANDS | {ScreensProvider}
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("q", "quit", "Quit", tooltip="Close amtui", id="app.quit"),
        Binding("f", "find", "Find pupil", tooltip="Find a pupil by name or UPN", id="app.find"),
        Binding("slash", "find", "Find pupil", show=False, id="app.find_slash"),
        Binding("question_mark", "keys", "Keys", tooltip="List the keys for this screen",
                id="app.keys"),
        Binding("f1", "keys", "Keys", show=False, id="app.keys_f1"),
    ]

    @dataclass
    class SessionLoaded(Message):
        session: Session

    def __init__(self, opened: Opened, login: str, screen: str | None = None,
                 today: dt.date | None = None, screen_args: dict | None = None,
                 session: Session | None = None):
        """``screen`` is a navigation key to open after home (with ``screen_args``, e.g. the
        class and subject of ``amtui grid``); ``today`` pins the date (tests); ``session``
        is the user's session when it has been read already (the command line does)."""
        super().__init__()
        self.opened = opened
        self.login = login
        self.start_screen = screen
        self.start_args = screen_args or {}
        self.session: Session | None = None
        self.read_session = session
        self._today = today

    @property
    def today(self) -> dt.date:
        """The date the figures are for: today, unless pinned."""
        return self._today or dt.date.today()

    @property
    def user(self) -> CurrentUser:
        """The current user (read-only until the session has loaded)."""
        return self.session.user if self.session else CurrentUser(self.login, None, self.login)

    def get_default_screen(self) -> Screen:
        return lean_updates(OpeningScreen(id="_default"))

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[override]
        """Every screen sends the terminal only what changed (see ``lean_updates``)."""
        return super().push_screen(lean_updates(screen) if isinstance(screen, Screen) else screen,
                                   *args, **kwargs)

    def switch_screen(self, screen):  # type: ignore[override]
        return super().switch_screen(lean_updates(screen) if isinstance(screen, Screen) else screen)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the school's records...", id="opening")
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_headless:
            close_on_hangup(self, sys.__stdin__.fileno())
        for warning in self.opened.warnings:
            self.notify(warning, title="Database", severity="warning", timeout=30)
        if self.read_session is not None:
            self.post_message(self.SessionLoaded(self.read_session))
        else:
            run_db(self, lambda: load_session(self.login), group="session", done=self.SessionLoaded)

    @on(SessionLoaded)
    async def start(self, event: SessionLoaded) -> None:
        self.session = event.session
        user = event.session.user
        self.title = event.session.school_name
        if user.read_only:
            self.sub_title = f"{user.login} · READ-ONLY"
            self.notify(user.notice, title="Read-only", severity="warning", timeout=30)
        else:
            self.sub_title = f"{user.name} · {user.roles_text}" if user.roles else user.name
        if self.start_screen and self.start_screen != "home":
            mounted = self.open_screen(self.start_screen, **self.start_args)
        else:
            mounted = self.open_screen("home")
        if mounted is not None:
            await mounted  # the screen is whole before anything else reaches it

    @on(JobWaiting)
    def save_waiting(self, event: JobWaiting) -> None:
        """A screen's save could not reach the database: it is kept and tried again."""
        self.notify(f"Not saved yet: {event.error} amtui keeps trying; what you typed stays on screen.",
                    title="Database", severity="warning", timeout=15)

    def db_failed(self, group: str, error: BaseException | None) -> None:
        if group == "session":
            self.query_one("#opening", Static).update(
                Content(f"{failure_text(error)}\n\nPress q to quit."))

    def open_screen(self, key: str, **kwargs: object) -> Awaitable[object] | None:
        """Go to a registered screen (see :mod:`amtui.ui.navigation`)."""
        if self.session is None:
            self.notify("Still opening the school's records; try again in a moment.")
        elif key not in navigation.SCREENS:
            known = ", ".join(navigation.SCREENS)
            self.notify(f"There is no screen called '{key}' (try {known}).", severity="error")
        else:
            return navigation.open_screen(self, key, **kwargs)
        return None

    def open_pupil(self, pupil_id: int) -> None:
        """Open a pupil's page: Enter on a pupil anywhere comes here."""
        if "pupil" in navigation.SCREENS:
            self.open_screen("pupil", pupil_id=pupil_id)
        else:
            from amtui.ui.screens.pupil_summary import PupilSummaryScreen

            self.push_screen(PupilSummaryScreen(pupil_id))

    def action_find(self) -> None:
        self.open_screen("find")

    def action_keys(self) -> None:
        from amtui.ui.screens.keys import KeysScreen

        self.push_screen(KeysScreen(self.screen.active_bindings))


def run_app(opened: Opened, login: str, screen: str | None = None,
            screen_args: dict | None = None) -> int:
    """Run the app full-screen until the user quits; returns the exit status."""
    # Read before the screen starts, while nothing else runs: a worker thread would wait for
    # the interpreter behind the first frames (it took 50 ms instead of 1 ms).
    app = AmtuiApp(opened, login, screen=screen, screen_args=screen_args, session=load_session(login))
    app.run()
    return app.return_code or 0
