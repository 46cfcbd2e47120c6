"""One pupil's weekly tests: every sitting (colour and letter), level moves and corrections."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from amtui.db.repo.staff import CurrentUser
from amtui.db.repo.weekly_overview import HistoryEntry, PupilWeekly, pupil_weekly
from amtui.domain.settings import Settings
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.screens.weekly.cells import score_text, short_level
from amtui.ui.widgets.grid_cells import RYG_STYLES
from amtui.ui.widgets.tables import FittedTable, refill
from amtui.ui.widgets.steady_footer import footer

COLUMNS = ("Date", "Level", "Test", "Score", "Greens", "Note")


def head_text(history: PupilWeekly, settings: Settings) -> str:
    if history.level is None:
        return f"{history.name} · {history.class_name or 'no class'} · no weekly test level yet"
    since = f" since {history.since:%d %b %Y}" if history.since else ""
    due = f" · move up to {history.due} proposed" if history.due else ""
    return (f"{history.name} · {history.class_name or 'no class'} · {history.level}{since} · "
            f"{history.greens} of {settings.promotion_greens} greens in a row{due}")


def entry_cells(entry: HistoryEntry, settings: Settings) -> tuple:
    day = f"{entry.day:%d %b %Y}"
    if entry.sitting is None:
        return day, "", "", "", "", entry.text
    sitting = entry.sitting
    text, rating = score_text(sitting.score, settings)
    score = Text(f" {text} ", style=RYG_STYLES[rating]) if rating else Text(text, style="dim")
    return day, short_level(sitting.level), f"T{sitting.test}", score, str(entry.greens), ""


class WeeklyHistoryScreen(ListsScreen):
    """A pupil's weekly test history, newest first; Esc goes back."""

    HEAD = "#history-head"
    COLUMNS = {"#history-table": tuple((title, None) for title in COLUMNS)}
    BINDINGS = refresh_and_back("history", "Read the pupil's weekly tests again", show_refresh=False)

    def __init__(self, pupil_id: int) -> None:
        super().__init__()
        self.pupil_id = pupil_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="history-head")
        yield FittedTable(id="history-table", cursor_type="row")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], PupilWeekly]:
        pupil_id, today = self.pupil_id, self.app.today  # type: ignore[attr-defined]
        return lambda person: pupil_weekly(pupil_id, today)

    def show(self, history: PupilWeekly) -> None:
        self.query_one("#history-head", Static).update(Content(head_text(history, history.settings)))
        refill(self.query_one("#history-table", DataTable),
               [(str(i), entry_cells(entry, history.settings)) for i, entry in enumerate(history.entries)])
