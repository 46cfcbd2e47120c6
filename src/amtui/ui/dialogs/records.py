"""Small dialogs over a pupil's page or a class screen that save something themselves.

Each runs its save on its own database queue and stays open showing the reason when the
rules refuse it (so the person can correct it where they typed); it closes with the saved
value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from amtui.db.repo import bigwrite, events
from amtui.domain.calendar import parse_school_date
from amtui.domain.errors import UserFacingError
from amtui.ui.fields import EnterMovesOn
from amtui.ui.serial import DbFailed, OwnsDb, failure_text
from amtui.ui.typing_rules import typing_rules


class SavingDialog(OwnsDb, EnterMovesOn, ModalScreen[Any]):
    """Base: ``save(call)`` runs it off the UI thread; a refusal shows in ``#dialog-error``.
    Enter in a field moves to the next field; Enter in the last one saves."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without saving", id="dialog.cancel")]

    @dataclass
    class Saved(Message):
        """The save was made: the dialog closes with ``value``."""

        value: Any

    def save(self, call: Callable[[], Any]) -> None:
        self.query_one("#dialog-error", Static).update(Content("Saving..."))
        self.db.post(call, done=self.Saved)

    @on(Saved)
    def saved(self, event: Saved) -> None:
        event.stop()
        self.dismiss(event.value)

    @on(DbFailed)
    def not_saved(self, event: DbFailed) -> None:
        """A refusal is said here, where it can be put right; anything else by the app too."""
        self.query_one("#dialog-error", Static).update(Content(f"Not saved: {failure_text(event.error)}"))
        if isinstance(event.error, UserFacingError):
            event.stop()
            self.notify(str(event.error), title="Not saved", severity="error", markup=False)

    def error_line(self) -> Static:
        return Static("", id="dialog-error", classes="dialog-error")


KIND_KEYS = {"reward": "Reward", "certificate": "Certificate", "sanction": "Sanction"}


class LogEventDialog(SavingDialog):
    """Log a reward, certificate or sanction for one pupil: pick the kind, type what for."""

    def __init__(self, user, pupil_id: int, pupil_name: str, kind: str = "reward") -> None:
        super().__init__()
        self.user, self.pupil_id, self.pupil_name, self.kind = user, pupil_id, pupil_name, kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="log-event"):
            yield Static(Content(f"Log for {self.pupil_name}"), classes="dialog-title")
            yield OptionList(*(Option(title, id=kind) for kind, title in KIND_KEYS.items()), id="event-kind")
            yield Input(placeholder="What for, e.g. Star of the week", id="event-text", **typing_rules("event"))
            yield self.error_line()
            yield Static(Content("up/down: kind · Enter: next / save · Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        kinds = self.query_one("#event-kind", OptionList)
        kinds.highlighted = list(KIND_KEYS).index(self.kind)
        kinds.focus()

    @on(OptionList.OptionSelected, "#event-kind")
    def kind_chosen(self, event: OptionList.OptionSelected) -> None:
        self.kind = event.option.id or "reward"
        self.query_one("#event-text", Input).focus()

    @on(OptionList.OptionHighlighted, "#event-kind")
    def kind_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.kind = event.option.id or "reward"

    @on(Input.Submitted, "#event-text")
    def submitted(self, event: Input.Submitted) -> None:
        user, pupil_id, kind, text = self.user, self.pupil_id, self.kind, event.value
        self.save(lambda: events.log_event(user, pupil_id, kind, text))


class NewPieceDialog(SavingDialog):
    """Set a Big Write piece for a class: the date it is written and its title."""

    def __init__(self, user, class_info, today) -> None:
        super().__init__()
        self.user, self.class_info, self.today = user, class_info, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(f"New Big Write piece for {self.class_info.name}"), classes="dialog-title")
            yield Input(value=f"{self.today:%d/%m/%Y}", placeholder="Written on (DD/MM/YYYY)", id="piece-date",
                        **typing_rules("entry"))
            yield Input(placeholder="Title, e.g. A letter to the headteacher", id="piece-title", **typing_rules("title"))
            yield self.error_line()
            yield Static(Content("Enter: next / save · Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#piece-title", Input).focus()

    @on(Input.Submitted, "#piece-title")
    def submit(self) -> None:
        user, class_id = self.user, self.class_info.id
        day_text, title = self.query_one("#piece-date", Input).value, self.query_one("#piece-title", Input).value
        self.save(lambda: bigwrite.create_piece(user, class_id, parse_school_date(day_text), title))
