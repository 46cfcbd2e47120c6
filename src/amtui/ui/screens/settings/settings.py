"""The school's settings: its name, every threshold with its value, default and meaning,
and the half-terms' dates. SLT and admin change them (checked and audited by the
repository, which says why a value is refused)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from amtui.db.repo import school
from amtui.db.repo.setting_lines import SettingLine, setting_lines
from amtui.domain.calendar import academic_year_of, parse_school_date
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.permissions import Action, refusal
from amtui.ui.dialogs.form import Field, FormDialog
from amtui.ui.widgets.tables import OpenTable, highlighted_key, plain
from amtui.ui.serial import DbFailed, OwnsDb, failure_text


class SettingsScreen(OwnsDb, Screen):
    """Every setting on a line; Enter (or e) changes the highlighted one."""

    BINDINGS = [
        Binding("e", "edit", "Change", tooltip="Change the highlighted setting or half-term", id="settings.edit"),
        Binding("r", "refresh", "Refresh", tooltip="Read the settings again", id="settings.refresh"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id="settings.back"),
    ]

    @dataclass
    class Loaded(Message):
        lines: list[SettingLine]


    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, SettingLine] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the settings...", id="settings-head")
        yield OpenTable(id="settings-table")
        yield Static(id="settings-meaning")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#settings-table", OpenTable)
        table.add_column("Setting", width=24)
        table.add_column("Value", width=24)
        table.add_column("Default", width=24)
        self.action_refresh()

    @property
    def year(self) -> int:
        return academic_year_of(self.app.today)  # type: ignore[attr-defined]

    def _refused(self) -> str | None:
        return refusal(self.app.user.roles, Action.EDIT_SETTINGS)  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        if why := self._refused():
            self.query_one("#settings-head", Static).update(Content(why))
            return
        year = self.year
        self.db.post(lambda: setting_lines(year), done=self.Loaded)

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
        self.lines = {line.key: line for line in event.lines}
        table = self.query_one("#settings-table", OpenTable)
        row = table.cursor_row
        table.clear()
        for line in event.lines:
            table.add_row(*plain((line.key, ("* " if line.changed else "") + line.value, line.default)),
                          key=line.key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        changed = sum(line.changed for line in event.lines)
        self.query_one("#settings-head", Static).update(Content(
            f"{self.lines['school_name'].value or 'The school'}: {changed} changed from the default (*). Enter or e changes one."))

    def _current(self) -> SettingLine | None:
        key = highlighted_key(self.query_one("#settings-table", OpenTable))
        return self.lines.get(key) if key is not None else None

    @on(DataTable.RowHighlighted, "#settings-table")
    def _highlighted(self) -> None:
        line = self._current()
        self.query_one("#settings-meaning", Static).update(Content(line.meaning if line else ""))

    @on(DataTable.RowSelected, "#settings-table")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        line = self._current()
        if line is None:
            return
        if why := self._refused():
            self.notify(why, severity="warning")
            return
        if line.is_half_term:
            first, _, last = line.value.partition(" to ")
            fields = [Field("From", first, placeholder="DD/MM/YYYY"), Field("To", last)]
        else:
            fields = [Field("Value", line.value)]
        self.app.push_screen(FormDialog(f"{line.key}", fields, note=line.meaning),
                             lambda kept: self._save(line, kept))

    def _save(self, line: SettingLine, kept: tuple[str, ...] | None) -> None:
        if kept is None:
            return
        user, year = self.app.user, self.year  # type: ignore[attr-defined]
        if line.is_half_term:
            def call():
                start, end = (parse_school_date(text) for text in kept)
                return school.set_half_term_dates(user, year, HalfTermNumber.parse(line.key), start, end)

            note = f"{line.key} dates saved."
        else:
            note = f"{line.key} saved."

            def call():
                return school.save_setting(user, line.key, kept[0])

        self.change(call, note)

    @on(DbFailed)
    def failed(self, event: DbFailed) -> None:
        if event.done is self.Loaded:
            self.query_one("#settings-head", Static).update(Content(failure_text(event.error)))
