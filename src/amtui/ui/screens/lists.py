"""What the screens of lists share (the programme's, monitoring, the staff list, the
settings, the interventions' bank, the leaders' analysis, the trust, a pupil's weekly
tests, the audit trail): read in one go through the screen's database queue, drawn, read
again with ``r``; who the person is now is read in the same job, and who may see the lists
is decided for that person first (one who may not is told why in the top line, and the
lists are not read); a change is asked for in a dialog (who may make it checked first),
queued, and the lists read again behind it; a list that cannot be read says why in its
top line.

A screen says which tables it has (``COLUMNS``), which line heads it (``HEAD``), who may
see and change it (``SEE``, ``CHANGE``), what to read (``reader``) and how to draw it
(``show``); its own keys come before :func:`refresh_and_back`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from amtui.db.repo.staff import CurrentUser
from amtui.domain.permissions import Action, refusal
from amtui.ui.serial import DbFailed, OwnsDb, failure_text
from amtui.ui.widgets.tables import highlighted_key

Row = TypeVar("Row")


def refresh_and_back(screen: str, read_again: str, *, show_refresh: bool = True) -> list[Binding]:
    """The keys a list screen ends with: ``r`` reads it again (``read_again`` says what it
    does; ``show_refresh=False`` leaves it out of a full footer), Esc goes back; their ids
    begin with ``screen``."""
    return [
        Binding("r", "refresh", "Refresh", tooltip=read_again, id=f"{screen}.refresh", show=show_refresh),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id=f"{screen}.back"),
    ]


class ListsScreen(OwnsDb, Screen):
    """Base of a screen of lists: see the module."""

    HEAD: ClassVar[str] = ""
    """The selector of the line over the lists: what they hold, or why they could not be read."""
    COLUMNS: ClassVar[dict[str, tuple[tuple[str, int | None], ...]]] = {}
    """Each table's selector and its columns (title, width; None: as wide as its cells).
    The first table has the focus unless ``FOCUS`` says otherwise."""
    FOCUS: ClassVar[str] = ""
    """The selector of what has the focus first (a filter typed into, say); empty: the first table."""
    SEE: ClassVar[Action | None] = None
    """What a person must be allowed to do to see the lists (None: everyone)."""
    CHANGE: ClassVar[Action | None] = None
    """What a person must be allowed to do to change what they show (None: everyone; the
    repository checks again when saving)."""

    @dataclass
    class Loaded(Message):
        """Who the person is now, and what ``reader`` read for them, for ``show`` (or why they
        may not see the lists: ``refused``, and nothing was read)."""

        person: CurrentUser
        found: tuple[str | None, Any]  # (refused, data)

    def on_mount(self) -> None:
        for selector, columns in self.COLUMNS.items():
            table = self.query_one(selector, DataTable)
            for label, width in columns:
                table.add_column(label, width=width)
        if self.FOCUS or self.COLUMNS:
            self.query_one(self.FOCUS or next(iter(self.COLUMNS))).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        see, reads = self.SEE, self.reader()

        def read(person: CurrentUser) -> tuple[str | None, Any]:
            why = None if see is None else refusal(person.roles, see)
            return (why, None) if why else (None, reads(person))

        self.read_as_now(read, self.Loaded)

    def reader(self) -> Callable[[CurrentUser], Any]:
        """What to read, as a call for the queue (what it needs from the screen taken now),
        given who the person is now (read in the same job). Every screen of lists gives its own:
        this one only names the interface."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Draw what ``reader`` read."""

    def refused(self, action: Action | None) -> str | None:
        """Why the person at the keyboard may not take ``action`` (None: they may)."""
        return None if action is None else refusal(self.app.user.roles, action)  # type: ignore[attr-defined]

    def may_change(self) -> bool:
        """Whether the person may change what the lists show; if not, they are told why."""
        why = self.refused(self.CHANGE)
        if why:
            self.notify(why, severity="warning")
        return why is None

    def ask(self, dialog: Screen, then: Callable[[Any], object]) -> None:
        """Add or change something through ``dialog`` (a person who may not change the lists
        is told why instead); ``then(kept)`` with what the dialog kept, nothing on Esc."""
        if self.may_change():
            self.app.push_screen(dialog, lambda kept: None if kept is None else then(kept))

    def highlighted(self, rows: Mapping[str, Row], table: str = "") -> Row | None:
        """The row under the cursor of ``table`` (the first table by default), looked up in
        ``rows`` by its key; None when the table is empty."""
        key = highlighted_key(self.query_one(table or next(iter(self.COLUMNS)), DataTable))
        return None if key is None else rows.get(key)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        why, data = event.found
        if why:
            for table in self.COLUMNS:
                self.query_one(table, DataTable).clear()
            self.query_one(self.HEAD, Static).update(Content(why))
        else:
            self.show(data)

    @on(DbFailed)
    def _not_read(self, event: DbFailed) -> None:
        """The lists could not be read: said in the top line (and by the app)."""
        if event.done is self.Loaded:
            self.query_one(self.HEAD, Static).update(Content(failure_text(event.error)))
