"""Find a pupil by part of a name or a UPN prefix; Enter opens their page, ctrl+r logs a reward."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from amtui.db.repo.pupils import SEARCH_LIMIT, PupilHit, search_pupils
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.tables import OpenTable, plain
from amtui.ui.serial import OwnsDb
from amtui.ui.widgets.steady_footer import footer

DEBOUNCE_SECONDS = 0.15
"""Typing faster than this runs one query, for the last keystroke."""


class PupilFinderScreen(OwnsDb, Screen):
    """An input and the matching pupils, updated as you type."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id="finder.back"),
        Binding("ctrl+l", "toggle_leavers", "Leavers", tooltip="Include or leave out pupils who have left",
                id="finder.leavers"),
        Binding("ctrl+o", "all_classes", "All classes", tooltip="Search every class, not just this one",
                id="finder.all_classes"),
        Binding("ctrl+r", "log_event", "Log reward", tooltip="Log a reward, certificate or sanction for the "
                "highlighted pupil", id="finder.log"),
        Binding("down", "move(1)", "Next pupil", show=False, id="finder.next"),
        Binding("up", "move(-1)", "Previous pupil", show=False, id="finder.previous"),
    ]

    include_leavers: reactive[bool] = reactive(False, bindings=True)
    class_id: reactive[int | None] = reactive(None, bindings=True)

    @dataclass
    class Found(Message):
        query: str
        hits: list[PupilHit]

    def __init__(self, class_id: int | None = None, class_name: str = ""):
        super().__init__()
        self.set_reactive(PupilFinderScreen.class_id, class_id)
        self.class_name = class_name
        self._debounce: Timer | None = None
        self._shown_query: str | None = None  # the text the listed results answer
        self._open_when_found = False  # Enter came before the results: open the first

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Part of a name, 'forename surname' or a UPN", id="query", **typing_rules("search"))
        yield Static(id="scope")
        yield OpenTable(id="results")
        yield footer()

    def on_mount(self) -> None:
        self.query_one("#results", OpenTable).add_columns("Name", "Class", "Year", "UPN", "Flags")
        if self.class_id is not None:
            self.search()
        self.show_scope("" if self.class_id is not None else "Type part of a name or a UPN.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "all_classes":
            return self.class_id is not None
        return True

    def show_scope(self, note: str = "") -> None:
        where = f"Class {self.class_name}" if self.class_id is not None else "All classes"
        who = "including leavers" if self.include_leavers else "current pupils"
        # Content, not markup: the note quotes what was typed, which may hold "[".
        self.query_one("#scope", Static).update(Content(f"{where}, {who}. {note}".strip()))

    @on(Input.Changed, "#query")
    def typed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.search)

    def search(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        text = self.query_one("#query", Input).value
        class_id, leavers, today = self.class_id, self.include_leavers, self.app.today  # type: ignore[attr-defined]
        self.db.post(lambda: self.Found(text, search_pupils(text, class_id=class_id, include_leavers=leavers,
                                                            limit=SEARCH_LIMIT + 1, today=today)))

    @on(Found)
    def show(self, event: Found) -> None:
        if event.query != self.query_one("#query", Input).value:
            return  # typed on since: a newer search is on its way
        self._shown_query = event.query
        table = self.query_one("#results", OpenTable)
        table.clear()
        for hit in event.hits[:SEARCH_LIMIT]:
            table.add_row(*plain((hit.name, hit.class_name, hit.year, hit.upn, hit.flags)), key=str(hit.id))
        if len(event.hits) > SEARCH_LIMIT:
            note = f"First {SEARCH_LIMIT} shown: type more."
        elif event.hits:
            note = f"{len(event.hits)} found: up/down, Enter opens."
        elif event.query.strip():
            note = f"No pupil matches '{event.query.strip()}'."
        else:
            note = "Type part of a name or a UPN."
        self.show_scope(note)
        if self._open_when_found:
            self._open_when_found = False
            if event.hits:
                self.open_pupil(event.hits[0].id)

    def action_move(self, step: int) -> None:
        table = self.query_one("#results", OpenTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def action_toggle_leavers(self) -> None:
        self.include_leavers = not self.include_leavers
        self.show_scope()
        self.search()

    def action_all_classes(self) -> None:
        self.class_id = None
        self.show_scope()
        self.search()

    @on(Input.Submitted, "#query")
    def open_highlighted(self) -> None:
        if self.query_one("#query", Input).value != self._shown_query:
            self._open_when_found = True
            self.search()
            return
        table = self.query_one("#results", OpenTable)
        if table.row_count:
            self.open_pupil(int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @on(DataTable.RowSelected, "#results")
    def open_selected(self, event: DataTable.RowSelected) -> None:
        self.open_pupil(int(event.row_key.value))

    def open_pupil(self, pupil_id: int) -> None:
        self.app.open_screen("pupil", pupil_id=pupil_id)  # type: ignore[attr-defined]

    def action_log_event(self) -> None:
        """Log a reward, certificate or sanction for the highlighted pupil."""
        from amtui.ui.dialogs.records import LogEventDialog

        table = self.query_one("#results", OpenTable)
        if not table.row_count:
            self.notify("Find a pupil first.", severity="warning")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        name = str(table.get_row(key)[0])
        self.app.push_screen(LogEventDialog(self.app.user, int(key.value), name),  # type: ignore[attr-defined]
                             lambda saved: saved and self.notify(f"Logged for {name}.", markup=False))
