"""The bank of interventions with each one's effectiveness across the school: steps and
crosses gained, so ineffective interventions are changed. SLT and admin maintain it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import interventions, school
from amtui.db.repo.interventions import AssignmentLine, EffectRow
from amtui.db.repo.school import SubjectInfo
from amtui.db.repo.staff import CurrentUser
from amtui.domain.permissions import Action
from amtui.ui.dialogs.intervention import InterventionDialog
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.status import colour
from amtui.ui.widgets.tables import JumpTable, refill
from amtui.ui.widgets.steady_footer import footer

VERDICT_COLOURS = {"effective": "green", "some effect": "yellow", "ineffective": "red"}
DETAIL_PUPILS = 3


def verdict_text(verdict: str) -> Text:
    """The verdict in words, coloured; "ineffective" gets a "!" so it reads without colour."""
    tint = VERDICT_COLOURS.get(verdict)
    shown = f"! {verdict}" if verdict == "ineffective" else verdict
    return Text(shown, style=f"bold {colour(tint)}" if tint else "dim")


def mean(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


@dataclass(frozen=True)
class Bank:
    """The bank as read: each intervention with its effect, and the subjects to choose from."""

    rows: list[EffectRow]
    subjects: list[SubjectInfo]


class InterventionsScreen(ListsScreen):
    """Every intervention with its effect; the highlighted one's pupils below."""

    HEAD = "#iv-bank-head"
    COLUMNS = {"#iv-bank": (("Intervention", 24), *((title, None) for title in ("Subject", "Used", "Now", "Steps",
                                                                                 "Aims", "Verdict")))}
    CHANGE = Action.MANAGE_INTERVENTIONS
    BINDINGS = [
        Binding("n", "new", "New", tooltip="Add an intervention to the bank", id="interventions.new"),
        Binding("e", "edit", "Edit", tooltip="Change its name, subject or description",
                id="interventions.edit"),
        Binding("d", "retire", "Retire/restore", tooltip="Take it out of the bank (history kept), or back",
                id="interventions.retire"),
        Binding("l", "load", "Load shipped", tooltip="Add the interventions amtui ships that the bank lacks",
                id="interventions.load"),
        *refresh_and_back("interventions", "Measure again"),
    ]

    @dataclass
    class Pupils(Message):
        intervention_id: int
        lines: list[AssignmentLine]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, EffectRow] = {}
        self.subjects: list[SubjectInfo] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Measuring...", id="iv-bank-head")
        yield JumpTable(id="iv-bank")
        yield Static(id="iv-bank-detail")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], Bank]:
        today = self.app.today  # type: ignore[attr-defined]
        return lambda person: Bank(interventions.effectiveness(today), school.subjects())

    def show(self, bank: Bank) -> None:
        self.rows = {str(r.intervention.id): r for r in bank.rows}
        self.subjects = bank.subjects
        refill(self.query_one("#iv-bank", JumpTable), [
            (key, (r.intervention.name if r.intervention.active else f"{r.intervention.name} (retired)",
                   r.intervention.subject or "any", r.effect.assignments, r.effect.running,
                   mean(r.effect.mean_steps), mean(r.effect.mean_crosses), verdict_text(r.effect.verdict)))
            for key, r in self.rows.items()])
        used = sum(1 for r in bank.rows if r.effect.assignments)
        self.query_one("#iv-bank-head", Static).update(Content(
            f"{len(bank.rows)} interventions, {used} in use · means per pupil: steps, aims crossed"))

    def _current(self) -> EffectRow | None:
        return self.highlighted(self.rows)

    @on(DataTable.RowHighlighted, "#iv-bank")
    def _highlighted(self) -> None:
        row = self._current()
        if row is None:
            return
        today, wanted = self.app.today, row.intervention.id  # type: ignore[attr-defined]
        self.db.post(lambda: self.Pupils(wanted, interventions.pupils_on(wanted, today)))

    @on(Pupils)
    def _pupils(self, event: Pupils) -> None:
        row = self._current()
        if row is None or row.intervention.id != event.intervention_id:
            return
        lines = [row.intervention.description or "(no description)"]
        for a in event.lines[:DETAIL_PUPILS]:
            when = f"{a.start:%d %b}-" + (f"{a.until:%d %b}" if a.until else "")
            running = " (running)" if a.running else ""
            lines.append(f"{a.pupil} ({a.class_name}) {when}: {a.outcome.text}{running}")
        if len(event.lines) > DETAIL_PUPILS:
            lines.append(f"... and {len(event.lines) - DETAIL_PUPILS} more")
        self.query_one("#iv-bank-detail", Static).update(Content("\n".join(lines)))

    def action_new(self) -> None:
        self.ask(InterventionDialog("New intervention", self.subjects), lambda kept: self._save(None, kept))

    def action_edit(self) -> None:
        row = self._current()
        if row is not None:
            self.ask(InterventionDialog(f"Edit {row.intervention.name}", self.subjects, row),
                     lambda kept: self._save(row.intervention.id, kept))

    def _save(self, intervention_id: int | None, kept: tuple[str, int | None, str]) -> None:
        user = self.app.user  # type: ignore[attr-defined]
        name, subject, description = kept
        self.change(lambda: interventions.save_intervention(user, intervention_id, name, subject, description),
                    f"'{' '.join(name.split())}' saved.")

    def action_retire(self) -> None:
        row = self._current()
        if row is None or not self.may_change():
            return
        user, active = self.app.user, not row.intervention.active  # type: ignore[attr-defined]
        self.change(lambda: interventions.set_active(user, row.intervention.id, active),
                    f"'{row.intervention.name}' {'back in' if active else 'retired from'} the bank.")

    def action_load(self) -> None:
        if self.may_change():
            user = self.app.user  # type: ignore[attr-defined]
            self.change(lambda: interventions.load_shipped(user), "The shipped interventions are in the bank.")
