"""Which class? The class picker in a dialog, for a screen opened without a class."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from amtui.db.repo.school import ClassInfo
from amtui.ui.widgets.class_picker import ClassPicker


class ClassDialog(ModalScreen[ClassInfo | None]):
    """The year's classes, the person's own first; dismisses with the class, or None on Esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Pick nothing", id="pick.cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield ClassPicker(id="pick-list")

    def on_mount(self) -> None:
        self.query_one("#pick-box").border_title = self.question
        self.query_one(ClassPicker).focus()

    @on(ClassPicker.Picked)
    def picked(self, event: ClassPicker.Picked) -> None:
        self.dismiss(event.class_info)
