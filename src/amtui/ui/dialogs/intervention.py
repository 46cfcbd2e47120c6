"""An intervention in the bank: its name, subject and description."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from amtui.db.repo.interventions import EffectRow
from amtui.db.repo.school import SubjectInfo
from amtui.ui.typing_rules import typing_rules


class InterventionDialog(ModalScreen[tuple[str, int | None, str] | None]):
    """Name, subject and description of an intervention; Enter in any field keeps them."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, subjects: list[SubjectInfo], row: EffectRow | None = None):
        super().__init__()
        self.title_text, self.subjects, self.row = title, subjects, row

    def compose(self) -> ComposeResult:
        info = self.row.intervention if self.row else None
        with Vertical(classes="meeting-dialog"):
            with Horizontal(classes="field-row"):
                yield Static("Name:", classes="field-label")
                yield Input(info.name if info else "", id="iv-name", compact=True,
                            **typing_rules("intervention"))
            with Horizontal(classes="field-row"):
                yield Static("Subject:", classes="field-label")
                yield Select([(s.name, s.id) for s in self.subjects], prompt="any subject", compact=True,
                             value=info.subject_id if info and info.subject_id else Select.NULL,
                             id="iv-subject")
            with Horizontal(classes="field-row"):
                yield Static("What:", classes="field-label")
                yield Input(info.description if info else "", id="iv-description", compact=True,
                            **typing_rules("description"))
            yield Static("Enter keeps it; Esc cancels.", classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(".meeting-dialog").border_title = self.title_text

    @on(Input.Submitted)
    def _keep(self) -> None:
        subject = self.query_one("#iv-subject", Select).value
        self.dismiss((self.query_one("#iv-name", Input).value,
                      None if subject is Select.NULL else subject,  # type: ignore[arg-type]
                      self.query_one("#iv-description", Input).value))
