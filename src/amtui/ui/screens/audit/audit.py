"""The audit trail: who changed what and when, across the school. Read-only by design:
nothing in amtui edits or deletes an audit entry."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from amtui.db.repo.audit_trail import school_audit
from amtui.db.repo.pupil_history import AuditInfo
from amtui.domain.permissions import Action, refusal
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.tables import highlighted_key, refill
from amtui.ui.serial import OwnsDb


class AuditScreen(OwnsDb, Screen):
    """The newest 500 changes, filtered as you type (a login, an action, a UPN...)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="audit.back")]

    @dataclass
    class Loaded(Message):
        entries: list[AuditInfo]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter: a login, an action (mark.set, target.lower), a UPN...", id="audit-filter",
                    **typing_rules("search"))
        yield DataTable(id="audit-table", cursor_type="row")
        yield Static("", id="audit-detail")
        yield Static("", id="audit-count")
        yield Footer()

    def on_mount(self) -> None:
        self.details: dict[str, str] = {}  # row key -> the entry's whole detail
        table = self.query_one("#audit-table", DataTable)
        # Fixed widths keep the table within 80 columns; the highlighted entry's detail is
        # shown whole below it.
        for label, width in (("When", 11), ("Who", 10), ("What", 16), ("Detail", 31)):
            table.add_column(label, width=width)
        reason = refusal(self.app.user.roles, Action.VIEW_AUDIT)  # type: ignore[attr-defined]
        if reason:
            self.query_one("#audit-count", Static).update(Content(reason))
            return
        self.load("")

    @on(Input.Changed, "#audit-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if refusal(self.app.user.roles, Action.VIEW_AUDIT) is None:  # type: ignore[attr-defined]
            self.load(event.value)

    def load(self, text: str) -> None:
        self.db.post(lambda: school_audit(text), done=self.Loaded)

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        table = self.query_one("#audit-table", DataTable)
        self.details = {str(i): entry.detail for i, entry in enumerate(event.entries)}
        refill(table, [(str(i), (f"{entry.at:%d/%m %H:%M}", entry.login, entry.action, entry.detail))
                       for i, entry in enumerate(event.entries)])
        self._detail()
        count = len(event.entries)
        self.query_one("#audit-count", Static).update(
            Content(f"{count} entries{' (the newest 500)' if count == 500 else ''}; read-only"))

    @on(DataTable.RowHighlighted, "#audit-table")
    def _detail(self) -> None:
        """The highlighted entry's detail whole: its column ends a longer one "…"."""
        key = highlighted_key(self.query_one("#audit-table", DataTable))
        self.query_one("#audit-detail", Static).update(Content(self.details.get(key, "") if key else ""))
