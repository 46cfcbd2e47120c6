"""The leaders' screen: one subject at one half-term, split into groups of pupils; each
group's Above / On target / Nearly there / Not achieving, on target or above, mean steps,
and its gap to the other pupils; the trend of the same pupils and the spread of a group
across sub-stages. Enter on a cell lists its pupils."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import analysis, school
from amtui.db.repo.analysis import Standings
from amtui.db.repo.staff import CurrentUser
from amtui.domain.groups import SPLITS, GroupRow, Split, signed, split
from amtui.domain.permissions import Action
from amtui.domain.targets import Status
from amtui.ui.screens.half_terms import HalfTermKeys
from amtui.ui.screens.leaders.charts import spread_lines, trend_lines
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.status import colour
from amtui.ui.widgets.tables import FittedTable, fitted_row
from amtui.ui.widgets.steady_footer import footer

ORDER = tuple(SPLITS)
STATUS_COLUMNS = {2: Status.ABOVE, 3: Status.ON_TARGET, 4: Status.NEARLY, 5: Status.NOT_ACHIEVING}
CHARTS = ("trend", "spread")


def count_cell(status: Status, count: int) -> Text:
    """"A 12" on the status colour: the letter and the number say it without colour."""
    return Text(f"{status.letter} {count}", style=f"#000000 on {colour(status.colour)}")


def row_cells(row: GroupRow) -> list[object]:
    g = row.group
    if g.too_small:
        return [g.name, g.pupils, *(Text(f"{s.letter} -", style="dim") for s in Status), "small", "-",
                Text("too small", style="dim")]
    pct = "-" if g.on_or_above_pct is None else f"{g.on_or_above_pct}%"
    steps = "-" if g.mean_steps is None else f"{g.mean_steps:+g}"
    gap = f"{signed(row.gap_pct)} ({g.pupils}:{row.others.pupils})" if row.readable else f"- ({row.others.pupils})"
    return [g.name, g.pupils, *(count_cell(s, g.shares.count(s)) for s in Status), pct, steps, gap]


@dataclass(frozen=True)
class Analysis:
    """A subject's standings at each half-term so far, and the subjects this person may analyse."""

    points: list[Standings]
    subjects: list[str]


class LeadersScreen(HalfTermKeys, ListsScreen):
    """Groups of pupils for SLT (every subject and year), a head of department and a head
    of year (the year groups of their classes)."""

    HEAD = "#leaders-head"
    COLUMNS = {"#leaders-table": (("Group", 18), *((title, None) for title in ("n", "Above", "On", "Nearly", "Not",
                                                                              "On+", "Steps", "Gap (n:n)")))}
    SEE = Action.MONITOR
    BINDINGS = [
        Binding("s", "subject", "Subject", tooltip="The next subject", id="leaders.subject"),
        Binding("b", "split", "Split", tooltip="Split by gender, SEN, PP, EAL, prior, year, class, mentor",
                id="leaders.split"),
        Binding("left_square_bracket", "half_term(-1)", "Earlier HT", tooltip="The half-term before",
                id="leaders.before"),
        Binding("right_square_bracket", "half_term(1)", "Later HT", tooltip="The half-term after",
                id="leaders.after"),
        Binding("c", "chart", "Chart", tooltip="Trend over the half-terms, or the spread across sub-stages",
                id="leaders.chart"),
        *refresh_and_back("leaders", "Count again", show_refresh=False),
    ]

    def __init__(self, subject: str | None = None, half_term: int | None = None, by: str = "pp"):
        super().__init__()
        self.subject_name = subject
        self.half_term_number = half_term
        self.by = by if by in SPLITS else "pp"
        self.chart = CHARTS[0]
        self.points: list[Standings] = []
        self.found: Split | None = None
        self.subject_names: list[str] = []  # the subjects this person may analyse

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting...", id="leaders-head")
        yield FittedTable(id="leaders-table", cursor_type="cell", zebra_stripes=True)
        with VerticalScroll(id="leaders-charts"):
            yield Static("", id="leaders-chart")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], Analysis]:
        today = self.app.today  # type: ignore[attr-defined]
        number, name = self.half_term_number, self.subject_name

        def load(person: CurrentUser) -> Analysis:
            ht = school.current_half_term(today)
            if number is not None:
                ht = school.half_term(ht.year, number)
            mine = analysis.remit_of(person, ht.year)
            subjects = [s for s in school.subjects() if mine.covers(s.id)]
            if not subjects:
                return Analysis([], [])
            subject = next((s for s in subjects if s.name == name), subjects[0])
            points = analysis.leaders_view(ht, subject, mine.years_in(subject.id), today)
            return Analysis(points, [s.name for s in subjects])

        return load

    def show(self, read: Analysis) -> None:
        self.points, self.subject_names = read.points, read.subjects
        head = self.query_one("#leaders-head", Static)
        if not self.points:
            head.update(Content("No subject has pupils yet, or none is yours to analyse."))
            return
        now = self.points[-1]
        self.subject_name, self.half_term_number = now.subject.name, now.half_term.number
        self.found = split(self.by, now.facts)
        missing = len(self.found.missing)
        every = self.found.everyone
        pct = "-" if every.on_or_above_pct is None else f"{every.on_or_above_pct}%"
        head.update(Content(
            f"{now.subject.name} · {now.half_term.label} · by {self.found.title} · {every.pupils} pupils, "
            f"on+ {pct} (n={every.shares.total})" + (f" · {missing} with no baseline, counted nowhere" if missing
                                                      else "") + "\ns subject  b split  [ ] half-term  c chart  "
            "Enter: the cell's pupils · groups under 5: too small to read"))
        table = self.query_one("#leaders-table", DataTable)
        table.clear()
        for index, row in enumerate(self.found.rows):
            table.add_row(*fitted_row(table, row_cells(row)), key=str(index))
        self._draw_chart()

    def _draw_chart(self) -> None:
        if self.found is None or not self.points:
            return
        if self.chart == "trend":
            lines = trend_lines([(p.label, split(self.by, p.facts)) for p in self.points])
        else:
            lines = spread_lines(self.points[-1], self._highlighted())
        self.query_one("#leaders-chart", Static).update(Text("\n").join(lines))

    def _highlighted(self):
        table = self.query_one("#leaders-table", DataTable)
        if self.found is None or not table.row_count:
            return None
        return self.found.rows[table.cursor_coordinate.row].group

    @on(DataTable.CellHighlighted, "#leaders-table")
    def _moved(self) -> None:
        if self.chart == "spread":
            self._draw_chart()

    def action_subject(self) -> None:
        names = self.subject_names
        if names:
            at = names.index(self.subject_name) if self.subject_name in names else -1
            self.subject_name = names[(at + 1) % len(names)]
            self.action_refresh()

    def action_split(self) -> None:
        self.by = ORDER[(ORDER.index(self.by) + 1) % len(ORDER)]
        if self.points:
            self.show(Analysis(self.points, self.subject_names))

    def action_chart(self) -> None:
        self.chart = CHARTS[(CHARTS.index(self.chart) + 1) % len(CHARTS)]
        self._draw_chart()

    @on(DataTable.CellSelected, "#leaders-table")
    def _open_cell(self, event: DataTable.CellSelected) -> None:
        if self.found is None or not self.points:
            return
        group = self.found.rows[event.coordinate.row].group
        status = STATUS_COLUMNS.get(event.coordinate.column)
        now = self.points[-1]
        ids = set(group.pupil_ids)
        facts = [f for f in now.facts if f.pupil_id in ids and (status is None or f.status is status)]
        title = f"{group.name}{', ' + status.label if status else ''}: {now.subject.name}, {now.half_term.label}"
        rows = [(f.pupil_id, now.names.get(f.pupil_id, "?"), f.status, f.current.short if f.current else "-",
                 f.steps) for f in facts]
        self.app.open_screen("group_pupils", title=title, rows=rows)  # type: ignore[attr-defined]
