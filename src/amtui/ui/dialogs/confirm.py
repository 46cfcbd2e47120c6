"""Ask a yes/no question before a change a person may not have meant: y for yes; n or
Esc for no."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class Confirm(ModalScreen[bool]):
    """One question over the current screen; dismissed with True (yes) or False (no)."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Yes", id="confirm.yes"),  # not Enter: a fast typist hits it
        Binding("n,escape", "dismiss(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), id="confirm-question")
            yield Static(Content("y: yes · n (or Esc): no"), classes="dialog-hint")
