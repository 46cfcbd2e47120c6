"""A list to pick one thing from (a level, a stage, a subject, a mentor, an intervention),
with a note above it if need be; a name's first letters go to it; Esc picks nothing. The
one way to pick from a list."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtui.ui.widgets.tables import JumpOptionList


class PickScreen(ModalScreen[object]):
    """Choose one of ``choices`` ((value, label) pairs); dismisses with the value or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Pick nothing", id="pick.cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[object, str]], highlight: int = 0,
                 note: str = "") -> None:
        super().__init__()
        self.title_text, self.note = title, note
        self.choices = list(choices)
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            if self.note:
                yield Static(Content(self.note), classes="dialog-note")
            yield JumpOptionList(*(Option(Content(label), id=str(i)) for i, (_, label) in enumerate(self.choices)),
                             id="pick-list")

    def on_mount(self) -> None:
        self.query_one("#pick-box").border_title = self.title_text
        options = self.query_one("#pick-list", OptionList)
        options.highlighted = min(self.highlight, len(self.choices) - 1) if self.choices else None
        options.focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)][0])
