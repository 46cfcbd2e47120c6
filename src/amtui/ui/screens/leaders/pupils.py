"""The pupils behind one cell of the leaders' screen; Enter opens a pupil's page."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from amtui.ui.widgets.status import status_text
from amtui.ui.widgets.tables import OpenTable, fitted_row
from amtui.ui.widgets.steady_footer import footer

PupilLine = tuple  # (pupil id, name and class, status or None, sub-stage now, steps or None)


class GroupPupilsScreen(Screen):
    """A group's pupils (or those of one status in it), in the order given (by surname)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="Back to the groups", id="group_pupils.back")]

    def __init__(self, title: str = "", rows: list[PupilLine] | None = None):
        super().__init__()
        self.heading = title
        self.rows = rows or []  # by surname, as the analysis lists its pupils

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(f"{self.heading} · {len(self.rows)} pupils · Enter opens a pupil"), id="group-head")
        yield OpenTable(id="group-pupils")
        yield footer()

    def on_mount(self) -> None:
        table = self.query_one("#group-pupils", OpenTable)
        table.add_column("Pupil", width=30)
        table.add_columns("Status", "Now", "Steps")
        for pid, name, status, now, steps in self.rows:
            table.add_row(*fitted_row(table, (name, status_text(status), now, "-" if steps is None else f"{steps:+d}")),
                          key=str(pid))
        table.focus()

    @on(DataTable.RowSelected, "#group-pupils")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_screen("pupil", pupil_id=int(event.row_key.value))  # type: ignore[attr-defined]
