"""Heads of year and of department after a return.

Above: the year's pupils causing concern, with their parental interview (``i`` arranges
one: the day, then with whom; ``o`` records its outcome); ``y`` steps through the years.
Below: the department's pupils below target in the latest return, by teaching group;
``s`` steps through the subjects (a head of department's own first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import concerns as review
from amtui.db.repo import year_views
from amtui.db.repo.school import load_settings, subjects
from amtui.db.repo.staff import CurrentUser
from amtui.domain.agenda import parse_when
from amtui.domain.calendar import academic_year_of
from amtui.domain.errors import UserFacingError
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.tables import OpenTable, highlighted_key, refill
from amtui.ui.widgets.steady_footer import footer

YEARS = (7, 8, 9, 10, 11)


@dataclass(frozen=True)
class Views:
    concerns: list[review.Concern]
    interviews: dict[int, year_views.Interview]
    subject: str
    below: list[year_views.BelowTarget]
    subject_ids: list[int]
    subject_id: int | None


class HeadsScreen(ListsScreen):
    """A year's concerns and interviews; a department's pupils below target by group."""

    HEAD = "#year-head"
    COLUMNS = {"#year-table": (("Pupil", 20), ("Below", 5), ("Reason", 23), ("Interview", 21)),
               "#dept-table": (("Group", 10), ("Pupil", 22), ("Returned", 8), ("Target", 6))}
    BINDINGS = [
        Binding("i", "arrange", "Interview", tooltip="Arrange a parental interview: the day, then with whom",
                id="heads.arrange"),
        Binding("o", "outcome", "Outcome", tooltip="Record the parental interview's outcome", id="heads.outcome"),
        Binding("y", "next_year", "Year", tooltip="The next year group", id="heads.year"),
        Binding("s", "next_subject", "Subject", tooltip="The next subject", id="heads.subject"),
        *refresh_and_back("heads", "Read the lists again"),
    ]

    def __init__(self, year: int | None = None, subject_id: int | None = None) -> None:
        super().__init__()
        self.year, self.subject_id = year, subject_id
        self.subject_ids: list[int] = []
        self.concerns: dict[str, review.Concern] = {}
        self.interviews: dict[int, year_views.Interview] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="year-head")
        yield OpenTable(id="year-table")
        yield Static("", id="year-detail")
        yield Static("", id="dept-head")
        yield OpenTable(id="dept-table")
        yield footer()

    def on_mount(self) -> None:
        user = self.app.user  # type: ignore[attr-defined]
        if self.year is None:
            self.year = min(user.hoy_years) if user.hoy_years else 11  # before the lists' on_mount reads

    def reader(self) -> Callable[[CurrentUser], Views]:
        today, year = self.app.today, self.year  # type: ignore[attr-defined]
        wanted = self.subject_id

        def load(person: CurrentUser) -> Views:
            start = academic_year_of(today)
            found = [c for c in review.concerns(start, today, load_settings().concern_subjects_below)
                     if c.year_group == year]
            ordered = sorted(subjects(), key=lambda s: (s.id not in person.hod_subjects, s.name))
            subject = next((s for s in ordered if s.id == wanted), ordered[0] if ordered else None)
            below = year_views.department_below(subject.id, start, today) if subject else []
            return Views(found, year_views.interviews([c.pupil_id for c in found]),
                         subject.name if subject else "", below, [s.id for s in ordered],
                         subject.id if subject else None)

        return load

    def show(self, views: Views) -> None:
        self.subject_ids, self.subject_id = views.subject_ids, views.subject_id
        self.concerns = {str(c.pupil_id): c for c in views.concerns}
        self.interviews = views.interviews
        interviews = views.interviews
        refill(self.query_one("#year-table", OpenTable), [
            (key, (c.name, str(len(c.subjects_below)), c.reason,
                   interviews[c.pupil_id].text if c.pupil_id in interviews else "-"))
            for key, c in self.concerns.items()])
        self.query_one("#year-head", Static).update(Content(
            f"Year {self.year}: {len(views.concerns)} causing concern · i arrange an interview · o its outcome"))
        self._detail()
        refill(self.query_one("#dept-table", OpenTable),
               [(f"{b.group}:{b.pupil_id}", (b.group, b.name, b.returned, b.target)) for b in views.below])
        groups = len({b.group for b in views.below})
        self.query_one("#dept-head", Static).update(Content(
            f"{views.subject or 'No subjects'}: {len(views.below)} below target in {groups} groups (s: next subject)"))

    def action_next_year(self) -> None:
        self.year = YEARS[(YEARS.index(self.year) + 1) % len(YEARS)] if self.year in YEARS else YEARS[0]
        self.action_refresh()

    def action_next_subject(self) -> None:
        if self.subject_ids:
            at = self.subject_ids.index(self.subject_id) + 1 if self.subject_id in self.subject_ids else 1
            self.subject_id = self.subject_ids[at % len(self.subject_ids)]
            self.action_refresh()

    @on(DataTable.RowHighlighted, "#year-table")
    def _detail(self) -> None:
        """The highlighted pupil's reason and interview in full: the table's columns may cut them."""
        c, text = self._current(), ""
        if c is not None:
            text = f"{c.name}: {c.reason}"
            if c.pupil_id in self.interviews:
                text += f" · interview {self.interviews[c.pupil_id].text}"
        self.query_one("#year-detail", Static).update(Content(text))

    def _current(self) -> review.Concern | None:
        return self.concerns.get(highlighted_key(self.query_one("#year-table", OpenTable)))

    def action_arrange(self) -> None:
        if (c := self._current()) is None:
            return
        today = self.app.today  # type: ignore[attr-defined]

        def check(text: str) -> str:
            try:
                parse_when(text, today)
            except UserFacingError as error:
                return str(error)
            return ""

        self.app.push_screen(LineDialog(f"Parental interview: {c.name}", "The day (DD/MM/YYYY):", check=check,
                                        kind="entry"), lambda day: day and self._with_whom(c, day))

    def _with_whom(self, c: review.Concern, day_text: str) -> None:
        day, _ = parse_when(day_text, self.app.today)  # type: ignore[attr-defined]
        self.app.push_screen(
            LineDialog(f"Parental interview: {c.name}", f"On {day:%d/%m/%Y}, with whom?",
                       check=lambda text: "" if text.strip() else "Say whom the interview is with.", kind="entry"),
            lambda who: who and self.change(
                lambda: year_views.arrange_interview(self.app.user, c.pupil_id, c.reason, day, who),  # type: ignore[attr-defined]
                f"Interview for {c.name} arranged."))

    def action_outcome(self) -> None:
        c = self._current()
        interview = self.interviews.get(c.pupil_id) if c else None
        if c is None or interview is None:
            self.notify("Arrange the interview first (i).", severity="warning")
            return
        self.app.push_screen(
            LineDialog(f"Interview outcome: {c.name}", "What came of it?", value=interview.outcome,
                       check=lambda text: "" if text.strip() else "Say what the outcome was.", kind="reason"),
            lambda said: said and self.change(
                lambda: year_views.record_outcome(self.app.user, interview.id, said),  # type: ignore[attr-defined]
                f"Outcome recorded for {c.name}."))
