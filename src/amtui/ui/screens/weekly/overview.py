"""A class's weekly tests across the year: pupils x weeks in colour, the spread of
levels, and who has been at their level longest. Enter on a week goes back to the
weekly sheet for that week (to correct it)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from amtui.db.repo.weekly_overview import ClassOverview, class_overview
from amtui.ui.screens.weekly.cells import score_cell, short_level
from amtui.ui.widgets.entry_grid import EntryGrid
from amtui.ui.widgets.grid_cells import DIM, EMPTY, HEADER, PLAIN, Cell, GridColumn
from amtui.ui.serial import OwnsDb
from amtui.ui.widgets.steady_footer import footer

FROZEN = (GridColumn("pupil", 18, frozen=True, editable=False), GridColumn("level", 6, frozen=True,
                                                                            editable=False))
STUCK_SHOWN = 3


class OverviewSource:
    """Pupils x weeks; each cell a sitting in colour with its letter."""

    def __init__(self, overview: ClassOverview) -> None:
        self.overview = overview
        self.settings = overview.settings

    def header(self, line: int, column: int) -> Cell:
        if column < len(FROZEN):
            return ("Pupil", "Level")[column], HEADER
        monday = self.overview.weeks[column - len(FROZEN)]
        return f"{monday.day}/{monday.month}", HEADER

    def footer(self, line: int, column: int) -> Cell:
        return "", PLAIN

    def cell(self, row: int, column: int) -> Cell:
        pupil = self.overview.rows[row]
        if column == 0:
            return pupil.name, PLAIN
        if column == 1:
            return short_level(pupil.level), PLAIN if pupil.level else DIM
        sitting = pupil.by_week.get(self.overview.weeks[column - len(FROZEN)])
        return score_cell(sitting, self.settings) if sitting else (" .", DIM)


def spread_text(overview: ClassOverview) -> str:
    return "Levels: " + (", ".join(f"{short_level(level) if level != 'none' else 'none'} x{n}"
                                   for level, n in overview.spread) or "none set")


def stuck_text(overview: ClassOverview) -> str:
    lines = ["Longest at their level:"]
    for row in overview.stuck[:STUCK_SHOWN]:
        due = f", move up to {short_level(row.due)} due" if row.due else ""
        lines.append(f"  {row.name}: {row.level} since {row.since:%d %b %Y} ({row.weeks_at_level(overview.today)}"
                     f" wk, {row.sittings_at_level} sat, {row.greens} green in a row{due})")
    return "\n".join(lines)


class WeeklyOverviewScreen(OwnsDb, Screen[object]):
    """The year at a glance for one class; dismisses with a week's Monday to correct it."""

    BINDINGS = [
        Binding("enter", "open_week", "Open week", tooltip="The weekly sheet for the highlighted week",
                id="overview.open"),
        Binding("h", "history", "History", tooltip="The highlighted pupil's whole history",
                id="overview.history"),
        Binding("r", "refresh", "Refresh", show=False, id="overview.refresh"),
        Binding("escape", "dismiss(None)", "Back", id="overview.back"),
    ]

    @dataclass
    class Loaded(Message):
        overview: ClassOverview

    def __init__(self, class_id: int) -> None:
        super().__init__()
        self.class_id = class_id
        self.overview: ClassOverview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="overview-title")
        yield EntryGrid(EMPTY, header_lines=1, id="overview-grid")
        yield Static("", id="overview-detail")
        yield Static("", id="overview-summary")
        yield footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        class_id, today = self.class_id, self.app.today  # type: ignore[attr-defined]
        self.db.post(lambda: class_overview(class_id, today), done=self.Loaded)

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        overview = self.overview = event.overview
        grid = self.query_one("#overview-grid", EntryGrid)
        grid.source = OverviewSource(overview)
        weeks = [GridColumn(f"w{i}", 6) for i in range(len(overview.weeks))]
        grid.reset(FROZEN + tuple(weeks), len(overview.rows))
        if weeks:
            grid.move_to(0, len(FROZEN) + len(weeks) - 1)
        grid.focus()
        settings = overview.settings
        self.query_one("#overview-title", Static).update(Content(
            f"{overview.school_class.name} · weekly tests this year · {len(overview.weeks)} weeks · "
            f"G {settings.weekly_green_min}+ Y {settings.weekly_yellow_min}+ R below"))
        self.query_one("#overview-summary", Static).update(
            Content(spread_text(overview) + "\n" + stuck_text(overview)))
        self.describe()

    @on(EntryGrid.CursorMoved)
    def describe(self) -> None:
        detail = self.query_one("#overview-detail", Static)
        overview = self.overview
        if overview is None or not overview.rows or not overview.weeks:
            detail.update(Content("No weekly tests recorded this year." if overview else ""))
            return
        row, column = self.query_one("#overview-grid", EntryGrid).cursor
        pupil, monday = overview.rows[row], overview.weeks[column - len(FROZEN)]
        sitting = pupil.by_week.get(monday)
        what = "no test" if sitting is None else (
            f"{sitting.level} test {sitting.test}: " + ("absent" if sitting.score is None else f"{sitting.score}"))
        detail.update(Content(f"{pupil.name} · week of {monday:%d %b} · {what} · Enter corrects that week"))

    def action_open_week(self) -> None:
        if self.overview and self.overview.weeks:
            column = self.query_one("#overview-grid", EntryGrid).cursor[1]
            self.dismiss(self.overview.weeks[column - len(FROZEN)])

    def action_history(self) -> None:
        if self.overview and self.overview.rows:
            row = self.query_one("#overview-grid", EntryGrid).cursor[0]
            self.app.open_screen("weekly_history", pupil_id=self.overview.rows[row].pupil_id)  # type: ignore[attr-defined]
