"""The school's settings: its name, every threshold with its value, default and meaning,
and the half-terms' dates. SLT and admin change them (checked and audited by the
repository, which says why a value is refused)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import school
from amtui.db.repo.setting_lines import SettingLine, setting_lines
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of, parse_school_date
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.permissions import Action
from amtui.ui.dialogs.form import Field, FormDialog
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.tables import OpenTable, refill
from amtui.ui.widgets.steady_footer import footer


class SettingsScreen(ListsScreen):
    """Every setting on a line; Enter (or e) changes the highlighted one."""

    HEAD = "#settings-head"
    COLUMNS = {"#settings-table": (("Setting", 24), ("Value", 24), ("Default", 24))}
    SEE = CHANGE = Action.EDIT_SETTINGS
    BINDINGS = [
        Binding("e", "edit", "Change", tooltip="Change the highlighted setting or half-term", id="settings.edit"),
        *refresh_and_back("settings", "Read the settings again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, SettingLine] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the settings...", id="settings-head")
        yield OpenTable(id="settings-table")
        yield Static(id="settings-meaning")
        yield footer()

    @property
    def year(self) -> int:
        return academic_year_of(self.app.today)  # type: ignore[attr-defined]

    def reader(self) -> Callable[[CurrentUser], list[SettingLine]]:
        year = self.year
        return lambda person: setting_lines(year)

    def show(self, lines: list[SettingLine]) -> None:
        self.lines = {line.key: line for line in lines}
        refill(self.query_one("#settings-table", OpenTable),
               [(line.key, (line.key, ("* " if line.changed else "") + line.value, line.default)) for line in lines])
        changed = sum(line.changed for line in lines)
        self.query_one("#settings-head", Static).update(Content(
            f"{self.lines['school_name'].value or 'The school'}: {changed} changed from the default (*). Enter or e changes one."))

    @on(DataTable.RowHighlighted, "#settings-table")
    def _highlighted(self) -> None:
        line = self.highlighted(self.lines)
        self.query_one("#settings-meaning", Static).update(Content(line.meaning if line else ""))

    @on(DataTable.RowSelected, "#settings-table")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        line = self.highlighted(self.lines)
        if line is None:
            return
        if line.is_half_term:
            first, _, last = line.value.partition(" to ")
            fields = [Field("From", first, placeholder="DD/MM/YYYY"), Field("To", last)]
        else:
            fields = [Field("Value", line.value)]
        self.ask(FormDialog(f"{line.key}", fields, note=line.meaning), lambda kept: self._save(line, kept))

    def _save(self, line: SettingLine, kept: tuple[str, ...]) -> None:
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
