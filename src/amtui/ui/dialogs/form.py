"""A few labelled lines to fill in: Enter in any of them keeps them all, Esc cancels."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from amtui.ui.typing_rules import typing_rules


@dataclass(frozen=True)
class Field:
    """One line of a form: its label, what it starts with, and the kind of text it takes."""

    label: str
    value: str = ""
    kind: str = "setting"  # a key of amtui.domain.text.FIELDS, for its limit
    placeholder: str = ""


class FormDialog(ModalScreen[tuple[str, ...] | None]):
    """The values typed, in the order of ``fields``; None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, fields: list[Field], note: str = "") -> None:
        super().__init__()
        self.title_text, self.fields, self.note = title, fields, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-dialog"):
            for index, field in enumerate(self.fields):
                with Horizontal(classes="field-row"):
                    yield Static(f"{field.label}:", classes="field-label")
                    yield Input(field.value, placeholder=field.placeholder, id=f"form-{index}", compact=True,
                                **typing_rules(field.kind))
            yield Static(Content(self.note or "Enter keeps it; Tab moves; Esc cancels."), classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(".meeting-dialog").border_title = self.title_text

    @on(Input.Submitted)
    def _keep(self) -> None:
        self.dismiss(tuple(self.query_one(f"#form-{i}", Input).value for i in range(len(self.fields))))
