"""The AMT's review after a progress return: the pupils causing concern, each with why.

One key per decision: ``p`` puts the pupil onto the programme (pick a mentor), ``y`` marks
them for monitoring by their head of year, ``d`` by the head of department, ``o`` takes
them off the programme with why; ``w`` (from
May) brings the whole of Year 10 onto the programme. Enter opens the pupil's file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import concerns as review
from amtui.db.repo import programme
from amtui.db.repo.meetings import possible_mentors
from amtui.db.repo.school import load_settings
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of
from amtui.domain.programme import Kind
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.tables import OpenTable, highlighted_key, refill
from amtui.ui.widgets.steady_footer import footer


def row_cells(c: review.Concern) -> tuple:
    below = str(len(c.subjects_below)) if c.subjects_below else "-"
    now = c.status or "-"
    if c.mentor and Kind.PROGRAMME in c.kinds:
        now = f"Mentor {c.mentor}"
    return (c.name, str(c.year_group), below, c.reason, now)


@dataclass(frozen=True)
class Review:
    concerns: list[review.Concern]
    threshold: int
    whole_year_10: bool


def load(start_year: int, today) -> Review:
    settings = load_settings()
    found = review.concerns(start_year, today, settings.concern_subjects_below)
    return Review(found, settings.concern_subjects_below, settings.year10_joins_in_may)


class AmtReviewScreen(ListsScreen):
    """The pupils causing concern in each subject's latest return, and what the AMT decided."""

    HEAD = "#review-head"
    COLUMNS = {"#review-table": (("Pupil", 20), ("Yr", 2), ("Below", 5), ("Reason", 24), ("Now", 12))}
    BINDINGS = [
        Binding("p", "programme", "Programme", tooltip="Put the pupil onto the programme with a mentor",
                id="review.programme"),
        Binding("y", "mark('hoy')", "HoY", tooltip="Mark the pupil for monitoring by their head of year",
                id="review.hoy"),
        Binding("d", "mark('hod')", "HoD", tooltip="Mark the pupil for monitoring by the head of department",
                id="review.hod"),
        Binding("o", "take_off", "Off", tooltip="Take the pupil off the programme, saying why",
                id="review.off"),
        Binding("w", "year10", "All Y10", tooltip="From May: the whole of Year 10 joins the programme",
                id="review.year10"),
        *refresh_and_back("review", "Read the list again"),
    ]

    @dataclass
    class MentorsRead(Message):
        concern: review.Concern
        mentors: list[tuple[int, str]]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, review.Concern] = {}
        self.whole_year_10 = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="review-head")
        yield OpenTable(id="review-table")
        yield Static(id="review-detail")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], Review]:
        today = self.app.today  # type: ignore[attr-defined]
        return lambda person: load(academic_year_of(today), today)

    def show(self, found: Review) -> None:
        self.whole_year_10 = found.whole_year_10
        self.rows = {str(c.pupil_id): c for c in found.concerns}
        refill(self.query_one("#review-table", OpenTable), [(key, row_cells(c)) for key, c in self.rows.items()])
        undecided = sum(1 for c in self.rows.values() if not c.kinds)
        self.query_one("#review-head", Static).update(Content(
            f"Pupils causing concern: {len(self.rows)} ({undecided} undecided) · "
            f"{found.threshold}+ subjects below target in the latest return"))
        self._detail()

    @on(DataTable.RowHighlighted, "#review-table")
    def _detail(self) -> None:
        concern = self._current()
        text = ""
        if concern is not None:
            below = ", ".join(concern.subjects_below) or "none in the latest return"
            text = f"{concern.name} (Y{concern.year_group}, {concern.upn}) · below: {below}"
            if concern.mentor:  # whole here: the table's column may cut a long name
                text += f" · mentor: {concern.mentor}"
        self.query_one("#review-detail", Static).update(Content(text))

    def _current(self) -> review.Concern | None:
        return self.rows.get(highlighted_key(self.query_one("#review-table", OpenTable)))

    @on(DataTable.RowSelected, "#review-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.open_screen("pupil", pupil_id=int(event.row_key.value))  # type: ignore[attr-defined]

    def action_programme(self) -> None:
        if (concern := self._current()) is not None:
            self.db.post(lambda: self.MentorsRead(concern, possible_mentors()))

    @on(MentorsRead)
    def _pick_mentor(self, event: MentorsRead) -> None:
        concern = event.concern
        note = f"{concern.name}: {concern.reason}" + (f" · mentor now {concern.mentor}" if concern.mentor else "")
        self.app.push_screen(PickScreen(f"Mentor for {concern.name}", event.mentors, note=note),
                             lambda mentor_id: self._join(concern, mentor_id))

    def _join(self, concern: review.Concern, mentor_id: int | None) -> None:
        if mentor_id is None:
            return
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        self.change(
            lambda: programme.put_on(user, concern.pupil_id, Kind.PROGRAMME, concern.reason, today, mentor_id),
            f"{concern.name} is on the mentoring programme.")

    def action_mark(self, kind: str) -> None:
        if (concern := self._current()) is None:
            return
        user, today, chosen = self.app.user, self.app.today, Kind(kind)  # type: ignore[attr-defined]
        self.change(lambda: programme.put_on(user, concern.pupil_id, chosen, concern.reason, today),
                    f"{concern.name}: {chosen.title}.")

    def action_take_off(self) -> None:
        if (concern := self._current()) is None:
            return
        if Kind.PROGRAMME not in concern.kinds:
            self.app.notify(f"{concern.name} is not on the programme.", severity="warning")
            return
        self.app.push_screen(LineDialog("Off the programme", f"Why is {concern.name} leaving the programme?",
                                        placeholder="e.g. back on target in every subject"),
                             lambda why: self._leave(concern, why))

    def _leave(self, concern: review.Concern, why: str | None) -> None:
        if not why:
            return
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        self.change(
            lambda: programme.take_off(user, programme.open_membership(concern.pupil_id, Kind.PROGRAMME, today),
                                       why, today),
            f"{concern.name} has left the mentoring programme.")

    def action_year10(self) -> None:
        user, today, setting = self.app.user, self.app.today, self.whole_year_10  # type: ignore[attr-defined]
        self.change(lambda: programme.join_whole_year_10(user, today, setting),
                    "The whole of Year 10 is on the mentoring programme.")
