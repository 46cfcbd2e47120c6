"""Small dialogs: tick a few of a list, type a line (the one way to ask for a line).

To pick one thing from a list: :class:`amtui.ui.dialogs.pick.PickScreen`."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static

from amtui.ui.typing_rules import typing_rules


class TickDialog(ModalScreen[list[int] | None]):
    """Tick any of ``choices`` ((id, label, ticked)); space ticks, Enter keeps, Esc cancels."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("enter", "keep", "Keep", priority=True, id="dialog.keep"),
    ]

    def __init__(self, title: str, choices: list[tuple[int, str, bool]], note: str = "") -> None:
        super().__init__()
        self.title_text, self.choices, self.note = title, choices, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-dialog"):
            yield Static(Content(self.note), classes="dialog-note")
            yield SelectionList[int](*[(label, key, ticked) for key, label, ticked in self.choices],
                                     id="ticks")

    def on_mount(self) -> None:
        self.query_one(".meeting-dialog").border_title = self.title_text

    def action_keep(self) -> None:
        self.dismiss(list(self.query_one("#ticks", SelectionList).selected))


class LineDialog(ModalScreen[str | None]):
    """Type one line; Enter keeps it (``check`` may refuse it with a message), Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, note: str, value: str = "", placeholder: str = "",
                 check=None, kind: str = "note") -> None:
        super().__init__()
        self.title_text, self.note, self.value, self.placeholder = title, note, value, placeholder
        self.check, self.kind = check, kind  # kind: of text (amtui.domain.text), for its limit

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-dialog"):
            yield Static(Content(self.note), classes="dialog-note")
            yield Input(self.value, placeholder=self.placeholder, id="line", **typing_rules(self.kind))
            yield Static(id="line-error")

    def on_mount(self) -> None:
        self.query_one(".meeting-dialog").border_title = self.title_text

    @on(Input.Submitted, "#line")
    def _kept(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#line-error", Static).update(Content(problem))
            return
        self.dismiss(event.value)
