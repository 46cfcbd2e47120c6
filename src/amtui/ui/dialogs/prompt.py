"""Ask for one line of text: Enter gives it, Esc gives None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from amtui.ui.typing_rules import typing_rules


class Prompt(ModalScreen[str | None]):
    """A one-line question over the current screen."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, question: str, placeholder: str = "", value: str = "", kind: str = "note") -> None:
        super().__init__()
        self.question, self.placeholder, self.value = question, placeholder, value
        self.kind = kind  # the kind of text asked for (amtui.domain.text), for its limit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question))
            yield Input(value=self.value, placeholder=self.placeholder, **typing_rules(self.kind))
            yield Static(Content("Enter to confirm, Esc to cancel"), classes="dialog-hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
