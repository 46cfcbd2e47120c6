"""The amtui Textual app: opens on the home screen for the person at the keyboard.

Thin by design: screens live in ``ui/screens``, destinations in ``ui/navigation``,
database calls in ``db/repo``. The app reads the session (who is using it, the
school's name) through its own database queue, then shows the home screen.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from amtui import collector
from amtui.db.repo.staff import CurrentUser
from amtui.db.startup import Opened
from amtui.domain.errors import UserFacingError
from amtui.ui import navigation
from amtui.ui import serial
from amtui.ui.commands import ScreenActionsProvider, ScreensProvider
from amtui.ui.css_cache import share_parses
from amtui.ui.hangup import close_on_hangup
from amtui.ui.key_hold import KeyHold
from amtui.ui.lean_updates import lean_updates
from amtui.ui.serial import SAYS_WHY, JobWaiting, OwnsDb, failure_text
from amtui.ui.terminal_output import frame_output_driver
from amtui.ui.opening import OpeningScreen, Session, load_session
from amtui.ui.title_line import HEADER_CHROME, who_line
from amtui.ui.widgets.steady_footer import footer


LEAVING_GRACE_SECONDS = 3.0
"""How long the saves in hand are given when amtui closes, before the rest is journaled."""
WAITING_NOTICE_SECONDS = 15.0


class AmtuiApp(OwnsDb, App[int]):
    """Assertive Mentoring for one school's database."""

    CSS_PATH = "app.tcss"
    TITLE = "amtui"
    COMMANDS = App.COMMANDS | {ScreensProvider, ScreenActionsProvider}
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("q", "quit", "Quit", tooltip="Close amtui", id="app.quit"),
        Binding("f", "find", "Find pupil", tooltip="Find a pupil by name or UPN", id="app.find"),
        Binding("slash", "find", "Find pupil", show=False, id="app.find_slash"),
        Binding("question_mark", "keys", "Keys", tooltip="List the keys for this screen",
                id="app.keys"),
        # Shown where a field takes ? as a letter: the footer shows one key for an action.
        Binding("f1", "keys", "Keys", tooltip="List the keys for this screen", id="app.keys_f1"),
        # Priority, so focus moves before later keys are handed on: otherwise Tab waits in the
        # field's own queue while text typed ahead on a slow link lands in the field it leaves.
        Binding("tab", "focus_ahead(1)", "Next field", show=False, priority=True, id="app.focus_next"),
        Binding("shift+tab", "focus_ahead(-1)", "Previous field", show=False, priority=True,
                id="app.focus_previous"),
    ]

    who_in_full = ""
    """The person and all their roles, for the keys help: the title line may count some."""
    who_shown = ""
    """The title line's person and roles as set for the terminal's width."""

    @dataclass
    class SessionLoaded(Message):
        session: Session

    def __init__(self, opened: Opened, login: str, screen: str | None = None,
                 today: dt.date | None = None, screen_args: dict | None = None,
                 session: Session | None = None, keymap: Mapping[str, str] | None = None,
                 keymap_problems: list[str] | None = None):
        """``screen`` is a navigation key to open after home (with ``screen_args``, e.g. the
        class and subject of ``amtui grid``); ``today`` pins the date (tests); ``session``
        is the user's session when it has been read already (the command line does);
        ``keymap`` is the person's keys by binding id, and ``keymap_problems`` what was
        wrong with it (both from :func:`amtui.config.keymap`)."""
        super().__init__()
        share_parses(self.stylesheet)  # parsed once per process, before a session on a server
        self.opened = opened
        self.login = login
        self.start_screen = screen
        self.start_args = screen_args or {}
        self.session: Session | None = None
        self.read_session = session
        self._today = today
        self.leave_when_saved = False
        self.told_waiting_at = -WAITING_NOTICE_SECONDS
        self.asking = False
        self.grace = LEAVING_GRACE_SECONDS
        self.journaled: tuple[int, int, Path | None] = (0, 0, None)  # kept, lost, the journal file
        self.keymap = dict(keymap or {})
        self.keymap_problems = list(keymap_problems or [])
        self.key_hold = KeyHold(self)

    @property
    def today(self) -> dt.date:
        """The date the figures are for: today, unless pinned."""
        return self._today or dt.date.today()

    @property
    def user(self) -> CurrentUser:
        """The current user (read-only until the session has loaded)."""
        return self.session.user if self.session else CurrentUser(self.login, None, self.login)

    def get_driver_class(self):  # type: ignore[override]
        """Textual's driver for this terminal, made safe for a terminal that vanishes, sending a
        keystroke's redraw at once (``terminal_output``)."""
        driver = super().get_driver_class()
        return frame_output_driver(driver) if driver.__name__ == "LinuxDriver" else driver

    async def on_event(self, event: events.Event) -> None:
        """A key from the terminal is handed on once the one before it has settled (a
        dialog it opened mounted and focused): see ``key_hold``."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_hold.hand_on(event, super().on_event)
        else:
            await super().on_event(event)

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
        yield footer()

    def on_mount(self) -> None:
        if not self.is_headless:
            close_on_hangup(self, sys.__stdin__.fileno())
        for warning in self.opened.warnings:
            self.notify(warning, title="Database", severity="warning", timeout=30)
        for problem in self.keymap_problems:
            self.notify(problem, title="Your keys", severity="warning", timeout=30)
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.read_session is not None:
            self.post_message(self.SessionLoaded(self.read_session))
        else:
            login, today = self.login, self.today
            self.db.post(lambda: load_session(login, today), done=self.SessionLoaded)

    @on(SessionLoaded)
    async def start(self, event: SessionLoaded) -> None:
        self.session = event.session
        user = event.session.user
        self.title = event.session.school_name or ("The trust" if event.session.trust_only else "amtui")
        self._name_in_title(event.session)
        if user.read_only and not event.session.trust_only:
            self.notify(user.notice, title="Read-only", severity="warning", timeout=30)
        if event.session.trust_only:  # no school chosen: a school's screens have nothing to read
            mounted = self.open_screen("trust")
        elif self.start_screen and self.start_screen != "home":
            mounted = self.open_screen(self.start_screen, **self.start_args)
        else:
            mounted = self.open_screen("home")
        if mounted is not None:
            await mounted  # the screen is whole before anything else reaches it
        collector.release(freeze=True)  # start-up is over (see amtui.collector)
        if self.keymap:
            # Finding every binding's id imports every screen: after start-up, off the screen.
            self.run_worker(self._check_keymap, thread=True, group="keymap", exit_on_error=False)

    def know_user(self, user: CurrentUser) -> None:
        """Who the session's person is now, as a screen read them with its data
        (``staff.with_person``): every screen opened after, the palette and the footer go by
        it, and the title line names them with their roles."""
        if self.session is not None and self.session.user != user:
            self.session = replace(self.session, user=user)
            self._name_in_title(self.session)
            self.screen.refresh_bindings()  # keys offered by role come or go

    def _name_in_title(self, session: Session, width: int | None = None) -> None:
        """The title line: the session's person and their roles (or why they only read), the
        roles that fit ``width`` (the terminal's)."""
        user = session.user
        if session.trust_only:  # read-only by design: no school's staff list to be on
            self.sub_title = f"{user.login} · the trust's schools, read-only"
        elif user.read_only:
            self.sub_title = f"{user.login} · READ-ONLY"
        elif user.left:  # deactivated since login: every read is refused to them
            self.sub_title = f"{user.name} · off the staff list"
        else:
            self.who_in_full = f"{user.name} · {user.roles_text}" if user.roles else user.name  # in ? help
            room = (width or self.size.width) - HEADER_CHROME - cell_len(f"{self.title} — ")
            self.sub_title = self.who_shown = who_line(user.name, user.roles_text.split(", ") if user.roles else [],
                                                       room)

    def on_resize(self, event: events.Resize) -> None:
        if self.session is not None and self.sub_title == self.who_shown:  # not a trust view's school
            self._name_in_title(self.session, event.size.width)  # the roles that fit the new width

    def _check_keymap(self) -> None:
        from amtui.ui.keymap import binding_classes, clashes, unknown_ids

        classes = [*binding_classes(), type(self)]
        said = []
        unknown = unknown_ids(self.keymap, classes)
        if unknown:
            said.append(f"Your keymap names keys amtui does not have: {', '.join(unknown)}. "
                        "Press ? on a screen to see each key's id.")
        clashed = clashes(self.keymap, classes)
        if clashed:
            said.append(f"Your keymap gives a key to two things on one screen ({'; '.join(clashed)}); "
                        "the keymap's wins.")
        for message in said:
            self.call_from_thread(self.notify, message, title="Your keys", severity="warning", timeout=30)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The keymap check (the app's one worker, not the database's) failed: a bug, logged."""
        if event.state is WorkerState.ERROR:
            logging.getLogger(__name__).error("%s failed", event.worker.name, exc_info=event.worker.error)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Said once at start by ``_check_keymap`` instead: Textual calls this on every key,
        and counts a binding with two keys (``u,ctrl+z``) as clashing with itself."""

    @on(JobWaiting)
    def save_waiting(self, event: JobWaiting) -> None:
        """A screen's save could not reach the database: it is kept and tried again (said
        once for the saves that wait together, not once for each)."""
        now = time.monotonic()
        if now - self.told_waiting_at < WAITING_NOTICE_SECONDS:
            return
        self.told_waiting_at = now
        self.notify(f"Not saved yet: {event.error} amtui keeps trying; what you typed stays on screen.",
                    title="Database", severity="warning", timeout=15)

    @on(serial.DbFailed)
    def job_failed(self, event: serial.DbFailed) -> None:
        """A screen's database job failed: a refusal or the database out of reach is said
        as it is; anything else is a bug, logged with its traceback and said as one."""
        if not isinstance(event.error, SAYS_WHY):
            logging.getLogger(__name__).error("%s failed", getattr(event.done, "__name__", "a job"),
                                              exc_info=event.error)
        refused = isinstance(event.error, UserFacingError)
        self.notify(failure_text(event.error), title="" if refused else "Database", severity="error", timeout=15)
        if event.done is self.SessionLoaded:
            self.query_one("#opening", Static).update(Content(f"{failure_text(event.error)}\n\nPress q to quit."))

    # --- leaving -----------------------------------------------------------------------------

    def action_quit(self) -> None:  # type: ignore[override]
        """q, ctrl+q, the palette's Quit: with saves waiting for the drive, ask first."""
        waiting = serial.unsaved(failed_only=True)
        if not waiting:
            self.exit()
        elif not self.asking:
            from amtui.ui.dialogs.pick import PickScreen

            self.asking = True
            entries = f"{waiting} entr{'y is' if waiting == 1 else 'ies are'}"
            self.push_screen(PickScreen(f"{entries} not saved yet (the database cannot be reached)", [
                ("wait", "Wait for them to be saved, then leave"),
                ("leave", "Leave now: keep them in my journal, saved at my next start"),
                ("stay", "Stay in amtui"),
            ]), self._leave_answered)

    def action_help_quit(self) -> None:
        """ctrl+c leaves amtui the same way as q (asking first when saves are waiting)."""
        self.action_quit()

    def _leave_answered(self, answer: object) -> None:
        self.asking = False
        if answer == "leave":
            self.grace = 0.2
            self.exit()
        elif answer == "wait":
            self.leave_when_saved = True
            self.notify("amtui closes as soon as they are saved (q again to choose otherwise).",
                        title="Waiting for the database", timeout=30)
            self.set_interval(0.5, self._leave_if_saved, name="leave-when-saved")

    def _leave_if_saved(self) -> None:
        if self.leave_when_saved and not serial.unsaved():
            self.exit()

    def on_unmount(self) -> None:
        """Closing, however it came about (q, SIGHUP, a dead terminal): the saves in hand
        are given a moment, and what is still not saved goes to the person's journal."""
        serial.wait_for_saves(self.grace)
        records, lost = serial.take_unsaved()
        path = None
        if records:
            from amtui.db import journal

            path = journal.journal_path(self.opened.target, self.login)
            journal.append(path, records)
        self.journaled = (len(records), lost, path)

    def open_screen(self, key: str, callback: Callable[[Any], object] | None = None,
                    **kwargs: object) -> Awaitable[object] | None:
        """Go to a registered screen (see :mod:`amtui.ui.navigation`); ``callback`` gets
        what it is dismissed with."""
        if self.session is None:
            self.notify("Still opening the school's records; try again in a moment.")
        elif key not in navigation.SCREENS:
            known = ", ".join(navigation.SCREENS)
            self.notify(f"There is no screen called '{key}' (try {known}).", severity="error")
        elif self.session.trust_only and not navigation.SCREENS[key].trust_only:
            self.notify("You chose no school: Enter on a school in the trust view opens its monitoring, l its "
                        "leaders' analysis; amtui --school NAME opens one school.", title="The trust")
        else:
            return navigation.open_screen(self, key, callback, **kwargs)
        return None

    def action_focus_ahead(self, step: int) -> None:
        (self.screen.focus_next if step > 0 else self.screen.focus_previous)()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_ahead" and getattr(self.focused, "tab_behavior", "focus") == "indent":
            return False  # a text area that indents with Tab keeps it
        return super().check_action(action, parameters)

    def action_find(self) -> None:
        self.open_screen("find")

    def action_keys(self) -> None:
        from amtui.ui.dialogs.keys import KeysScreen

        self.push_screen(KeysScreen(self.screen.active_bindings, self.who_in_full))


def start_app(opened: Opened, login: str, screen: str | None = None, screen_args: dict | None = None,
              today: dt.date | None = None, keymap: tuple[dict[str, str], list[str]] | None = None
              ) -> AmtuiApp:
    """The app as amtui starts it: the person's journal replayed first (said on the first
    screen), and the session read."""
    from amtui.db.journal import replay_said

    said = replay_said(opened.target, login)
    opened.warnings.extend(said)
    if said and screen_args and screen_args.get("preloaded") is not None:
        screen_args = {**screen_args, "preloaded": None}  # read before the replay: read it again
    # Read before the screen starts, while nothing else runs: a worker thread would wait for
    # the interpreter behind the first frames (it took 50 ms instead of 1 ms).
    keys, problems = keymap or ({}, [])
    return AmtuiApp(opened, login, screen=screen, screen_args=screen_args, today=today,
                    session=load_session(login), keymap=keys, keymap_problems=problems)


def run_app(opened: Opened, login: str, screen: str | None = None,
            screen_args: dict | None = None,
            keymap: tuple[dict[str, str], list[str]] | None = None) -> int:
    """Run the app full-screen until the user quits; returns the exit status. ``keymap``:
    the person's keys and what was wrong with them (:func:`amtui.config.keymap`)."""
    app = start_app(opened, login, screen, screen_args, keymap=keymap)
    app.run()
    kept, lost, path = app.journaled
    said = []
    if kept:
        said.append(f"amtui: {kept} entr{'y' if kept == 1 else 'ies'} could not be saved (the database "
                    f"could not be reached): kept in {path} and saved when you next start amtui.")
    if lost:
        said.append(f"amtui: {lost} entr{'y' if lost == 1 else 'ies'} could not be saved and could not be "
                    "kept: type them again.")
    try:
        for line in said:
            print(line, file=sys.stderr)
    except OSError:
        pass  # the terminal has gone (a dropped SSH link): the journal holds them all the same
    return app.return_code or 0
