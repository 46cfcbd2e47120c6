"""SLT monitoring: are meetings happening, on time, short and productive; how each class
and subject stands; which classes still lack this half-term's assessments."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from amtui.db.repo import school
from amtui.db.repo.monitoring import MonitorData, monitor
from amtui.db.repo.staff import CurrentUser
from amtui.domain.monitoring import LONG_MEETING_MINUTES, StatusShares
from amtui.domain.permissions import Action
from amtui.domain.targets import Status
from amtui.ui.screens.half_terms import HalfTermKeys
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.status import colour
from amtui.ui.widgets.tables import JumpTable, OpenTable, refill
from amtui.ui.widgets.steady_footer import footer

TABS = ("tab-mentors", "tab-classes", "tab-chasing")


def percent(shares: StatusShares, status: Status) -> str:
    value = shares.percent(status)
    return "-" if value is None else f"{value}% ({shares.count(status)})"


def share_on_or_above(on: StatusShares) -> str:
    return f"{round(100 * on.on_or_above / on.total)}%" if on.total else "-"


def overdue_text(count: int) -> Text:
    return Text(f"! {count}", style=f"bold {colour('red')}") if count else Text("0")


def minutes_text(value: int | None) -> Text:
    if value is None:
        return Text("-", style="dim")
    if value > LONG_MEETING_MINUTES:
        return Text(f"{value} long", style=colour("yellow"))
    return Text(str(value))


class MonitorScreen(HalfTermKeys, ListsScreen):
    """Per mentor, per class and subject, and completion chasing, for one half-term."""

    HEAD = "#monitor-head"
    SEE = Action.MONITOR
    COLUMNS = {
        "#mon-mentors": (("Mentor", 18), *((title, None) for title in ("Mentees", "Done", "Due", "Overdue",
                                                                       "Mins", "On/above"))),
        "#mon-classes": tuple((title, None) for title in ("Class", "Subject", "Pupils", "Above", "On", "Nearly",
                                                          "Not")),
        "#mon-chasing": (("Class", None), ("Subject", None), ("Teacher", 22), ("Assessed", None)),
    }
    BINDINGS = [
        Binding("1", "tab(0)", "Mentors", tooltip="Meetings per mentor", id="monitor.mentors"),
        Binding("2", "tab(1)", "Classes", tooltip="Above/On/Nearly/Not per class and subject",
                id="monitor.classes"),
        Binding("3", "tab(2)", "Chasing", tooltip="Classes without this half-term's assessments",
                id="monitor.chasing"),
        Binding("left_square_bracket", "half_term(-1)", "Earlier HT", tooltip="The half-term before",
                id="monitor.before"),
        Binding("right_square_bracket", "half_term(1)", "Later HT", tooltip="The half-term after",
                id="monitor.after"),
        *refresh_and_back("monitor", "Count again"),
    ]

    def __init__(self, half_term: int | None = None):
        super().__init__()
        self.half_term_number = half_term
        self.mentor_names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting...", id="monitor-head")
        with TabbedContent(id="monitor-tabs"):
            with TabPane("1 Mentors", id="tab-mentors"):
                yield OpenTable(id="mon-mentors")
            with TabPane("2 Classes", id="tab-classes"):
                yield JumpTable(id="mon-classes")
            with TabPane("3 Chasing", id="tab-chasing"):
                yield JumpTable(name_column=2, id="mon-chasing")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], MonitorData]:
        today, number = self.app.today, self.half_term_number  # type: ignore[attr-defined]

        def load(person: CurrentUser) -> MonitorData:
            ht = school.current_half_term(today)
            if number is not None:
                ht = school.half_term(ht.year, number)
            return monitor(ht, today)

        return load

    def show(self, data: MonitorData) -> None:
        self.half_term_number = data.half_term.number
        head = f"{data.half_term.label} · as of {data.as_of:%d %b} · [ ] other half-terms"
        if data.without_mentor:
            head += f" · {data.without_mentor} pupils have no mentor"
        self.query_one("#monitor-head", Static).update(Content(head))
        mentors = [(str(m.mentor_id), (m.mentor, m.mentees, m.done, m.due, overdue_text(m.overdue),
                                       minutes_text(m.average_minutes), share_on_or_above(m.on_target)))
                   for m in data.mentors]
        self.mentor_names = {str(m.mentor_id): m.mentor for m in data.mentors}
        refill(self.query_one("#mon-mentors", OpenTable), mentors)
        refill(self.query_one("#mon-classes", DataTable),
               [(str(i), (c.class_name, c.subject, c.pupils, *(percent(c.shares, status) for status in Status)))
                for i, c in enumerate(data.classes)])
        chasing = self.query_one("#mon-chasing", DataTable)
        refill(chasing, [(str(i), (c.class_name, c.subject, c.teachers, f"{c.assessed}/{c.pupils}"))
                         for i, c in enumerate(data.chasing)])
        chasing.border_subtitle = "" if data.chasing else "every class has this half-term's codes"

    def action_tab(self, index: int) -> None:
        self.query_one("#monitor-tabs", TabbedContent).active = TABS[index]
        self.query_one(f"#{TABS[index]}").query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#mon-mentors")
    def _open_mentor(self, event: DataTable.RowSelected) -> None:
        name = self.mentor_names.get(event.row_key.value, "")  # whole: the table's cell may end "…"
        self.app.open_screen("mentees", mentor_id=int(event.row_key.value), mentor_name=name)  # type: ignore[attr-defined]
