"""The audit trail: who changed what and when, across the school. Read-only by design:
nothing in amtui edits or deletes an audit entry."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Static

from amtui.db.repo.audit_trail import school_audit
from amtui.db.repo.pupil_history import AuditInfo
from amtui.db.repo.staff import CurrentUser
from amtui.domain.permissions import Action
from amtui.ui.screens.lists import ListsScreen
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.tables import FittedTable, highlighted_key, refill
from amtui.ui.widgets.steady_footer import footer


class AuditScreen(ListsScreen):
    """The newest 500 changes, filtered as you type (a login, an action, a UPN...)."""

    HEAD = "#audit-count"
    # Fixed widths keep the table within 80 columns; the highlighted entry's detail is
    # shown whole below it.
    COLUMNS = {"#audit-table": (("When", 11), ("Who", 10), ("What", 16), ("Detail", 31))}
    SEE = Action.VIEW_AUDIT
    FOCUS = "#audit-filter"
    # Typed keys go to the filter, so the trail is read again as it changes, not with r.
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id="audit.back")]

    def __init__(self) -> None:
        super().__init__()
        self.details: dict[str, str] = {}  # row key -> the entry's whole detail

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter: a login, an action (mark.set, target.lower), a UPN...", id="audit-filter",
                    **typing_rules("search"))
        yield FittedTable(id="audit-table", cursor_type="row")
        yield Static("", id="audit-detail")
        yield Static("", id="audit-count")
        yield footer()

    @on(Input.Changed, "#audit-filter")
    def filter_changed(self) -> None:
        self.action_refresh()

    def reader(self) -> Callable[[CurrentUser], list[AuditInfo]]:
        text = self.query_one("#audit-filter", Input).value
        return lambda person: school_audit(text)

    def show(self, entries: list[AuditInfo]) -> None:
        self.details = {str(i): entry.detail for i, entry in enumerate(entries)}
        refill(self.query_one("#audit-table", DataTable),
               [(str(i), (f"{entry.at:%d/%m %H:%M}", entry.login, entry.action, entry.detail))
                for i, entry in enumerate(entries)])
        self._detail()
        count = len(entries)
        self.query_one("#audit-count", Static).update(
            Content(f"{count} entries{' (the newest 500)' if count == 500 else ''}; read-only"))

    @on(DataTable.RowHighlighted, "#audit-table")
    def _detail(self) -> None:
        """The highlighted entry's detail whole: its column ends a longer one "…"."""
        key = highlighted_key(self.query_one("#audit-table", DataTable))
        self.query_one("#audit-detail", Static).update(Content(self.details.get(key, "") if key else ""))
