"""The bank of interventions with each one's effectiveness across the school: steps and
crosses gained, so ineffective interventions are changed. SLT and admin maintain it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from amtui.db.repo import interventions, school
from amtui.db.repo.interventions import AssignmentLine, EffectRow
from amtui.db.repo.school import SubjectInfo
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, refusal
from amtui.ui.dialogs.intervention import InterventionDialog
from amtui.ui.widgets.status import colour
from amtui.ui.widgets.tables import JumpTable, plain
from amtui.ui.serial import DbFailed, OwnsDb, failure_text

VERDICT_COLOURS = {"effective": "green", "some effect": "yellow", "ineffective": "red"}
DETAIL_PUPILS = 3


def verdict_text(verdict: str) -> Text:
    """The verdict in words, coloured; "ineffective" gets a "!" so it reads without colour."""
    tint = VERDICT_COLOURS.get(verdict)
    shown = f"! {verdict}" if verdict == "ineffective" else verdict
    return Text(shown, style=f"bold {colour(tint)}" if tint else "dim")


def mean(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


class InterventionsScreen(OwnsDb, Screen):
    """Every intervention with its effect; the highlighted one's pupils below."""

    BINDINGS = [
        Binding("n", "new", "New", tooltip="Add an intervention to the bank", id="interventions.new"),
        Binding("e", "edit", "Edit", tooltip="Change its name, subject or description",
                id="interventions.edit"),
        Binding("d", "retire", "Retire/restore", tooltip="Take it out of the bank (history kept), or back",
                id="interventions.retire"),
        Binding("l", "load", "Load shipped", tooltip="Add the interventions amtui ships that the bank lacks",
                id="interventions.load"),
        Binding("r", "refresh", "Refresh", tooltip="Measure again", id="interventions.refresh"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen",
                id="interventions.back"),
    ]

    @dataclass
    class Loaded(Message):
        rows: list[EffectRow]
        subjects: list[SubjectInfo]

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
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#iv-bank", DataTable)
        table.add_column("Intervention", width=24)
        table.add_columns("Subject", "Used", "Now", "Steps", "Aims", "Verdict")
        self.action_refresh()

    def action_refresh(self) -> None:
        today = self.app.today  # type: ignore[attr-defined]
        self.db.post(lambda: self.Loaded(interventions.effectiveness(today), school.subjects()))

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
        self.rows = {str(r.intervention.id): r for r in event.rows}
        self.subjects = event.subjects
        table = self.query_one("#iv-bank", DataTable)
        row = table.cursor_row
        table.clear()
        for key, r in self.rows.items():
            info, e = r.intervention, r.effect
            name = info.name if info.active else f"{info.name} (retired)"
            table.add_row(*plain((name, info.subject or "any", e.assignments, e.running, mean(e.mean_steps),
                                  mean(e.mean_crosses), verdict_text(e.verdict))), key=key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        used = sum(1 for r in event.rows if r.effect.assignments)
        self.query_one("#iv-bank-head", Static).update(Content(
            f"{len(event.rows)} interventions, {used} in use · means per pupil: steps, aims crossed"))

    def _current(self) -> EffectRow | None:
        table = self.query_one("#iv-bank", DataTable)
        if not table.row_count:
            return None
        return self.rows.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

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

    def _may_manage(self) -> bool:
        why = refusal(self.app.user.roles, Action.MANAGE_INTERVENTIONS)  # type: ignore[attr-defined]
        if why:
            self.notify(why, severity="warning")
        return why is None

    def action_new(self) -> None:
        if self._may_manage():
            self.app.push_screen(InterventionDialog("New intervention", self.subjects),
                                 lambda kept: self._save(None, kept))

    def action_edit(self) -> None:
        row = self._current()
        if row is not None and self._may_manage():
            self.app.push_screen(InterventionDialog(f"Edit {row.intervention.name}", self.subjects, row),
                                 lambda kept: self._save(row.intervention.id, kept))

    def _save(self, intervention_id: int | None, kept: tuple[str, int | None, str] | None) -> None:
        if kept is None:
            return
        user = self.app.user  # type: ignore[attr-defined]
        name, subject, description = kept
        self.change(lambda: interventions.save_intervention(user, intervention_id, name, subject, description),
                    f"'{' '.join(name.split())}' saved.")

    def action_retire(self) -> None:
        row = self._current()
        if row is None or not self._may_manage():
            return
        user, active = self.app.user, not row.intervention.active  # type: ignore[attr-defined]
        self.change(lambda: interventions.set_active(user, row.intervention.id, active),
                    f"'{row.intervention.name}' {'back in' if active else 'retired from'} the bank.")

    def action_load(self) -> None:
        if self._may_manage():
            user = self.app.user  # type: ignore[attr-defined]
            self.change(lambda: interventions.load_shipped(user), "The shipped interventions are in the bank.")

    @on(DbFailed)
    def failed(self, event: DbFailed) -> None:
        if not isinstance(event.error, UserFacingError):  # a refused change leaves the bank as it is
            self.query_one("#iv-bank-head", Static).update(Content(failure_text(event.error)))
