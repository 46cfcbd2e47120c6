"""The staff progress meeting after a half-term's mentoring: pupils who excelled through
intervention, pupils needing more support (each with why), and a class's gaps in
teaching with suggested ability groups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from amtui.db.repo import school
from amtui.db.repo.progress_meeting import ClassGaps, ProgressReview, class_gaps, review
from amtui.db.repo.school import ClassInfo
from amtui.db.repo.staff import CurrentUser
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.half_terms import HalfTermKeys
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.steady_footer import footer
from amtui.ui.widgets.tables import OpenTable, refill

TABS = ("tab-excelled", "tab-support", "tab-gaps")
GAPS_SHOWN = 12
GAP_TEXT = 58  # one line at 80 columns


def gaps_text(info: ClassInfo | None, found: list[ClassGaps]) -> Text:
    """Each subject's gaps (criteria fewer than half have secured) and groups by sub-stage."""
    if info is None:
        return Text("Choose a class (c) to see its gaps in teaching and ability groups.")
    out = Text()
    for g in found:
        out.append(f"{info.name} {g.subject}, stage {g.bank_stage} bank, {g.pupils} pupils\n", style="bold")
        if g.gaps:
            out.append(f"Gaps ({len(g.gaps)} criteria secured by fewer than half):\n")
            for gap in g.gaps[:GAPS_SHOWN]:
                text = gap.text if len(gap.text) <= GAP_TEXT else gap.text[:GAP_TEXT - 3] + "..."
                out.append(f"  {gap.ref:<7} {gap.secured:>2}/{gap.pupils:<2} {text}\n")
            if len(g.gaps) > GAPS_SHOWN:
                out.append(f"  ... and {len(g.gaps) - GAPS_SHOWN} more (see the class record)\n", style="dim")
        else:
            out.append("No gaps: most of the class have secured every criterion.\n")
        out.append("Groups:\n")
        for label, names in g.groups:
            out.append(f"  {label}: ", style="bold")
            out.append(", ".join(names) + "\n")
        out.append("\n")
    if not found:
        out.append(f"{info.name} has no pupils with a working stage yet.")
    return out


@dataclass(frozen=True)
class Progress:
    """The half-term's review, the chosen class's gaps, and the year's classes to choose from."""

    review: ProgressReview
    gaps: list[ClassGaps]
    classes: list[ClassInfo]


class ProgressMeetingScreen(HalfTermKeys, ListsScreen):
    """Who excelled, who needs more support, and where the class's teaching gaps are."""

    HEAD = "#progress-head"
    COLUMNS = {table: (("Pupil", 20), ("Class", 6), ("Why", 44)) for table in ("#pm-excelled", "#pm-support")}
    BINDINGS = [
        Binding("1", "tab(0)", "Excelled", tooltip="Pupils who excelled through intervention",
                id="progress.excelled"),
        Binding("2", "tab(1)", "Support", tooltip="Pupils needing more support", id="progress.support"),
        Binding("3", "tab(2)", "Gaps", tooltip="A class's gaps in teaching and ability groups",
                id="progress.gaps"),
        Binding("c", "choose_class", "Class", tooltip="One class, or the whole school", id="progress.class"),
        Binding("left_square_bracket", "half_term(-1)", "Earlier HT", tooltip="The half-term before",
                id="progress.before"),
        Binding("right_square_bracket", "half_term(1)", "Later HT", tooltip="The half-term after",
                id="progress.after"),
        *refresh_and_back("progress", "Read again"),
    ]

    def __init__(self, class_id: int | None = None, half_term: int | None = None):
        super().__init__()
        self.class_id, self.half_term_number = class_id, half_term
        self.school_classes: list[ClassInfo] = []
        self.reasons: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the half-term...", id="progress-head")
        with TabbedContent(id="progress-tabs"):
            with TabPane("1 Excelled", id="tab-excelled"):
                yield OpenTable(id="pm-excelled")
            with TabPane("2 More support", id="tab-support"):
                yield OpenTable(id="pm-support")
            with TabPane("3 Gaps and groups", id="tab-gaps"):
                with VerticalScroll(id="pm-gaps-scroll"):
                    yield Static(id="pm-gaps")
        yield Static(id="pm-detail")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], Progress]:
        today = self.app.today  # type: ignore[attr-defined]
        number, class_id = self.half_term_number, self.class_id

        def load(person: CurrentUser) -> Progress:
            ht = school.current_half_term(today)
            if number is not None:
                ht = school.half_term(ht.year, number)
            classes = school.classes(ht.year)
            info = next((c for c in classes if c.id == class_id), None)
            gaps = class_gaps(info, ht) if info else []
            return Progress(review(ht, today, class_id), gaps, classes)

        return load

    def show(self, found: Progress) -> None:
        data, self.school_classes = found.review, found.classes
        self.half_term_number = data.half_term.number
        info = next((c for c in self.school_classes if c.id == self.class_id), None)
        where = f"class {info.name}" if info else "the whole school"
        self.query_one("#progress-head", Static).update(Content(
            f"Progress meeting {data.half_term.label}, {where} · {len(data.excelled)} excelled, "
            f"{len(data.support)} need support"))
        self.reasons = {}
        for table_id, rows in (("#pm-excelled", data.excelled), ("#pm-support", data.support)):
            self.reasons.update({f"{table_id}:{row.pupil_id}": f"{row.name}: " + "; ".join(row.reasons) for row in rows})
            # The reasons whole below the table (_explain); in it, a longer one ends "…".
            refill(self.query_one(table_id, OpenTable),
                   [(f"{table_id}:{row.pupil_id}", (row.name, row.class_name, "; ".join(row.reasons))) for row in rows])
        self.query_one("#pm-gaps", Static).update(gaps_text(info, found.gaps))
        self._explain()

    @on(DataTable.RowHighlighted)
    def _explain(self) -> None:
        active = self.query_one("#progress-tabs", TabbedContent).active
        text = ""
        if active in TABS[:2]:
            table = self.query_one("#pm-excelled" if active == TABS[0] else "#pm-support", OpenTable)
            if table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                text = self.reasons.get(key, "")
        self.query_one("#pm-detail", Static).update(Content(text))

    @on(TabbedContent.TabActivated)
    def _tab(self) -> None:
        self._explain()

    def action_tab(self, index: int) -> None:
        self.query_one("#progress-tabs", TabbedContent).active = TABS[index]
        shown = self.query_one(f"#{TABS[index]}").query("DataTable, VerticalScroll").first()
        shown.focus()

    def action_choose_class(self) -> None:
        options = [("all", "The whole school")] + [(str(c.id), c.name) for c in self.school_classes]
        self.app.push_screen(PickScreen("Which class?", options), self._class_chosen)

    def _class_chosen(self, picked: str | None) -> None:
        if picked is None:
            return
        self.class_id = None if picked == "all" else int(picked)
        self.action_refresh()

    @on(DataTable.RowSelected)
    def _open_pupil(self, event: DataTable.RowSelected) -> None:
        pupil_id = int(str(event.row_key.value).split(":")[1])
        self.app.open_screen("pupil", pupil_id=pupil_id)  # type: ignore[attr-defined]
