"""What the rapid-entry screens share: ordered database work, a message line that says why
a key was refused, and picking a class.

Every database call (loads included) goes through the screen's one queue (``self.db``,
``OwnsDb``), so a reload always comes after the saves typed before it. Results come back
as typed messages. A save is kept (tried again while the database cannot be reached,
journaled if amtui closes first): ``save(record, before)`` posts ``Saved`` when it is
made, handed to ``saved(result, before)``; when it is refused, ``not_saved(before)`` lets
the screen show again what it showed before, and the reason is said on the message line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from amtui.db import journal
from amtui.db.journal import KeptSave
from amtui.db.repo.school import ClassInfo
from amtui.ui.serial import SAYS_WHY, DbFailed, JobWaiting, OwnsDb, failure_text
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.message_line import ClearsMessages, MessageLine

ERROR = "bold #ffffff on #d00000"


def why_not_saved(error: BaseException) -> str:
    """A failed call in words for the screen (the rules' refusals say why already)."""
    return failure_text(error, doing="use")


@dataclass
class Saved(Message):
    """A save queued with ``EntryScreen.save`` was made: ``result`` is the repository's
    answer, ``about`` the ``Save`` it was queued with."""

    about: Save
    result: Any


@dataclass(eq=False)
class Save:
    """What a kept save is about: ``before``, what the screen showed before it (to show
    again if it is refused). Called with the save's result, it makes the ``Saved`` message."""

    before: Any = None

    def __call__(self, result: Any) -> Saved:
        return Saved(self, result)


class EntryScreen(OwnsDb, ClearsMessages, Screen):
    """Base for a rapid-entry screen; subclasses set ``MESSAGE`` (the message line's id)."""

    MESSAGE = "message"

    def __init__(self) -> None:
        super().__init__()
        self._lines: dict[str, object] = {}  # what each one-line Static shows now

    def save(self, record: KeptSave, before: Any = None) -> None:
        """Queue a kept save: the journal's call for ``record``; ``before`` is what the
        screen showed before it (see the module's docstring)."""
        user = self.app.user  # type: ignore[attr-defined]
        self.db.post(lambda: journal.apply(user, record), done=Save(before), keep=record)

    @property
    def busy(self) -> bool:
        """Database work queued and not yet made."""
        return self.db.busy

    def recheck(self) -> None:
        """"Not saved yet" goes once every save is made."""
        self.query_one(f"#{self.MESSAGE}", MessageLine).recheck()

    @on(Saved)
    def save_made(self, event: Saved) -> None:
        event.stop()
        self.saved(event.result, event.about.before)
        self.recheck()

    def saved(self, result: Any, before: Any) -> None:
        """A save was made (screens show what the repository worked out from it)."""

    def not_saved(self, before: Any) -> None:
        """A save was refused: show again what the screen showed before it."""

    @on(DbFailed)
    def job_failed(self, event: DbFailed) -> None:
        """A job failed: the reason goes on the message line. A refusal or the database out
        of reach stops here; anything else goes on to the app, which reports it as a bug."""
        if isinstance(event.done, Save):
            self.not_saved(event.done.before)
        if isinstance(event.error, SAYS_WHY):
            event.stop()
        self.refuse(why_not_saved(event.error))
        self.recheck()

    @on(JobWaiting)
    def save_waiting(self, event: JobWaiting) -> None:
        """What was typed stays on screen; the save is tried again until it is made."""
        event.stop()
        self.refuse(f"Not saved yet: {why_not_saved(event.error)} What you typed is kept and "
                    "saved when the database is back.", holds=lambda: self.busy)

    # --- one-line messages ------------------------------------------------------------

    def set_line(self, widget_id: str, content: Content) -> None:
        """Show ``content`` on a one-line Static, sending nothing when it already shows it
        (every byte counts on a slow link, and most keystrokes leave these lines alone)."""
        if self._lines.get(widget_id) != content.markup:
            self._lines[widget_id] = content.markup
            self.query_one(f"#{widget_id}", Static).update(content, layout=False)

    def say(self, text: str, *, brief: bool = False) -> None:
        """The message line (``brief``: only until the next key)."""
        self.query_one(f"#{self.MESSAGE}", MessageLine).say(text, brief=brief)

    def refuse(self, reason: str, holds: Callable[[], bool] | None = None) -> None:
        """A refusal shows on screen, in red, with the bell: nothing was saved (``holds``:
        it stays only while that is true)."""
        self.query_one(f"#{self.MESSAGE}", MessageLine).say(Content.styled(reason, ERROR), holds=holds)
        self.app.bell()

    # --- repainting ------------------------------------------------------------------------

    def repaint(self, grid: EntryGrid, source, rows: Iterable[int], change: Callable[[], None]) -> None:
        """Make ``change`` to the grid's source, then repaint only the cells of ``rows`` and
        the footer cells whose text or colour it changed."""
        rows, columns = list(rows), range(len(grid.columns))
        cells = {(r, c): source.cell(r, c) for r in rows for c in columns}
        footers = {c: source.footer(0, c) for c in columns} if grid.footer_lines else {}
        change()
        grid.refresh_cells([cell for cell, was in cells.items() if source.cell(*cell) != was])
        grid.refresh_columns([c for c, was in footers.items() if source.footer(0, c) != was], header=False)

    def not_understood(self, character: str) -> str | None:
        """What to say about a printable key no binding takes (None: let it pass)."""
        return None

    def on_key(self, event: events.Key) -> None:
        if event.key in self.active_bindings:
            return
        reason = self.not_understood(event.character or event.key) if event.is_printable else None
        if reason:
            self.refuse(reason)
            event.stop()

    # --- choosing a class ---------------------------------------------------------------

    def pick_class(self, question: str) -> None:
        """Ask which class (the class picker, in a dialog); ``class_picked(class_id)`` gets
        the answer; Esc goes back."""
        from amtui.ui.dialogs.class_pick import ClassDialog

        self.app.push_screen(ClassDialog(question), self._picked)

    def _picked(self, chosen: ClassInfo | None) -> None:
        if chosen is None:
            self.app.pop_screen()
        else:
            self.class_picked(chosen.id)

    def class_picked(self, class_id: int) -> None:
        """Open the chosen class: each screen says how."""
        raise TypeError(f"{type(self).__name__} must define class_picked()")
