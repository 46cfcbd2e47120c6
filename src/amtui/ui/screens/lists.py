"""What the screens of lists share (the programme's, monitoring): read in one go through
the screen's database queue, drawn, read again with ``r``; a change is queued, then the
lists are read again behind it; a list that cannot be read says why in its top line.

A screen says which tables it has (``COLUMNS``), which line heads it (``HEAD``), what to
read (``reader``) and how to draw it (``show``); its own keys come before
:func:`refresh_and_back`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from amtui.ui.serial import DbFailed, OwnsDb, failure_text


def refresh_and_back(screen: str, read_again: str) -> list[Binding]:
    """The keys a list screen ends with: ``r`` reads it again (``read_again`` says what it
    does), Esc goes back; their ids begin with ``screen``."""
    return [
        Binding("r", "refresh", "Refresh", tooltip=read_again, id=f"{screen}.refresh"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id=f"{screen}.back"),
    ]


class ListsScreen(OwnsDb, Screen):
    """Base of a screen of lists: see the module."""

    HEAD: ClassVar[str] = ""
    """The selector of the line over the lists: what they hold, or why they could not be read."""
    COLUMNS: ClassVar[dict[str, tuple[tuple[str, int | None], ...]]] = {}
    """Each table's selector and its columns (title, width; None: as wide as its cells).
    The first table has the focus."""

    @dataclass
    class Loaded(Message):
        """What ``reader`` read, for ``show``."""

        data: Any

    def on_mount(self) -> None:
        for selector, columns in self.COLUMNS.items():
            table = self.query_one(selector, DataTable)
            for label, width in columns:
                table.add_column(label, width=width)
        if self.COLUMNS:
            self.query_one(next(iter(self.COLUMNS)), DataTable).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.db.post(self.reader(), done=self.Loaded)

    def reader(self) -> Callable[[], Any]:
        """What to read, as a call for the queue (what it needs from the screen taken now)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Draw what ``reader`` read."""

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.show(event.data)

    @on(DbFailed)
    def _not_read(self, event: DbFailed) -> None:
        """The lists could not be read: said in the top line (and by the app)."""
        if event.done is self.Loaded:
            self.query_one(self.HEAD, Static).update(Content(failure_text(event.error)))
