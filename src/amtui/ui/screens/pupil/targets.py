"""The Targets tab: long-term targets per subject with their history; medium-term,
short-term and attitude/personal targets.

A teacher may raise a long-term target for a pupil in their class; lowering needs SLT
and a reason, and never goes below the FFT Aspire estimate. The dialog says why when
the rules refuse, and stays open so the person can correct it.

A secondary pupil's (Years 7-13) long-term targets are each subject's end-of-key-stage
target (KS3 or KS4; none in Years 12-13), this year's end-of-year target and FFT, as the
grades or sub-stages they are; + / - change the end-of-year target and k the key-stage one,
by the Grade targets screen's rule (``grade_targets.set_target``).

Under the subjects, the highlighted subject's two newest target changes; ``h`` opens its
whole history (``target_history``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from amtui.db.repo import targets
from amtui.db.repo.grade_targets import TargetStep
from amtui.db.repo.pupil_file import PupilFile
from amtui.db.repo.standings import SubjectStanding
from amtui.db.repo.targets import KIND_TITLES, LongTerm, TargetInfo
from amtui.domain.permissions import FIRST_SECONDARY_YEAR, Action, refusal
from amtui.domain.targets import no_key_stage_target
from amtui.ui.dialogs.target import GradeTargetDialog, NewTargetDialog, TargetDialog
from amtui.domain.errors import UserFacingError
from amtui.ui.screens.pupil.target_history import TargetHistoryScreen, summary_lines
from amtui.ui.serial import DbFailed, OwnsDb
from amtui.ui.widgets.status import colour
from amtui.ui.widgets.tables import JumpTable, plain

TARGET_WIDTH = 46
STATUS_MARK = {"open": ("open", ""), "achieved": ("done", colour("green")), "dropped": ("dropped", "dim")}


def long_term_cells(target: LongTerm) -> tuple:
    last = target.history[0] if target.history else None
    return (target.subject, target.current.label if target.current else "-",
            target.baseline.short if target.baseline else "-", target.fft.short if target.fft else "-",
            last.set_by if last else "", f"{last.set_at:%d %b %y}" if last else "")


def grade_cells(standing: SubjectStanding) -> tuple:
    key_stage = standing.key_stage_target or ("-" if standing.key_stage else "none")  # none: Years 12-13
    return (standing.subject, key_stage, standing.year_target or "-", standing.fft or "-")


LONG_TERM_COLUMNS = ("Subject", "Long-term target", "Base", "FFT", "Set by", "When")


def target_cells(target: TargetInfo) -> tuple:
    word, style = STATUS_MARK[target.effective_status]
    if target.status == "open" and target.achieved_now:
        word = "done (X)"
    return (KIND_TITLES[target.kind].split("/")[0].split("-")[0], Text(word, style=style),
            target.what[:TARGET_WIDTH], f"{target.set_at:%d %b}")


class TargetsPane(OwnsDb, Vertical):
    """Long-term targets (+ raise, - lower), their history, and the other targets."""

    BINDINGS = [
        Binding("plus", "change(False)", "Raise", tooltip="Raise (or set) the highlighted subject's target",
                id="targets.raise"),
        Binding("minus", "change(True)", "Lower", tooltip="Lower the target: SLT only, with a reason",
                id="targets.lower"),
        Binding("k", "key_stage", "KS target", tooltip="Set the key-stage target (the Assertive Mentoring "
                "team, SLT)", id="targets.key_stage"),
        Binding("h", "history", "History", show=False, tooltip="The highlighted subject's whole target history: who, when, "
                "from, to, why", id="targets.history"),
        Binding("n", "new('short')", "Short-term", tooltip="Add a short-term target", id="targets.short"),
        Binding("p", "new('personal')", "Personal", tooltip="Add an attitude/personal target",
                id="targets.personal"),
        Binding("t", "status('achieved')", "Achieved", tooltip="Tick the highlighted target achieved",
                id="targets.achieved"),
        Binding("x", "status('dropped')", "Drop", tooltip="Drop the highlighted target", id="targets.drop"),
        Binding("o", "status('open')", "Reopen", show=False, tooltip="Open the target again", id="targets.open"),
    ]

    @dataclass
    class StatusSaved(Message):
        """A target was ticked achieved, dropped or opened again."""

        target: object

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.file: PupilFile | None = None

    def compose(self) -> ComposeResult:
        yield JumpTable(id="long-term")
        yield Static(id="target-history")
        yield Static(id="targets-message")
        yield JumpTable(name_column=2, id="other-targets")

    def on_mount(self) -> None:
        self.query_one("#long-term", DataTable).add_columns(*LONG_TERM_COLUMNS)
        self.query_one("#other-targets", DataTable).add_columns("Kind", "Status", "Target", "Set")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """k is for a secondary pupil's key-stage target only."""
        return action != "key_stage" or bool(self.file and self.file.standings)

    def _long_term_rows(self, file: PupilFile) -> tuple[tuple, Callable[[object], tuple], tuple[str, ...]]:
        """The long-term table's rows, cells and columns: a secondary pupil's grade targets or
        a primary pupil's sub-stage ones."""
        if file.standings:
            return (file.standings, grade_cells,
                    ("Subject", f"{file.standings[0].key_stage or 'Key stage'} target", "This year", "FFT"))
        return file.long_term, long_term_cells, LONG_TERM_COLUMNS

    def show(self, file: PupilFile) -> None:
        self.file = file
        long_term, cells, columns = self._long_term_rows(file)
        table = self.query_one("#long-term", DataTable)
        if tuple(str(c.label) for c in table.columns.values()) != columns:
            table.clear(columns=True)
            table.add_columns(*columns)
        self.refresh_bindings()
        for table_id, rows, cells in (("#long-term", long_term, cells),
                                      ("#other-targets", file.targets, target_cells)):
            table = self.query_one(table_id, DataTable)
            row = table.cursor_row
            table.clear()
            for index, item in enumerate(rows):
                table.add_row(*plain(cells(item)), key=str(index))
            if rows:
                table.move_cursor(row=min(row, len(rows) - 1))
        if not long_term:
            self.query_one("#target-history", Static).update(Content("No baseline or target in any subject yet."))
        if file.settled:
            self.notify(f"{file.settled} medium-term target(s) achieved: their criteria are now X.",
                        title="Targets")

    @on(DataTable.RowHighlighted, "#long-term")
    def explain(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted subject's newest target changes (h: all of them), or what the keys do."""
        row = self._subject()
        if self.file is None or row is None:
            return
        width = self.size.width or self.app.size.width  # a hidden tab has no width yet
        lines = summary_lines(self._steps(row), self.file.half_term.year, width, tagged=bool(self.file.standings))
        if not lines and isinstance(row, SubjectStanding):
            key = f"k the {row.key_stage} target" if row.key_stage else "no key-stage target in Years 12-13"
            lines = [f"{row.subject}: + sets the end-of-year target, {key}."]
        elif not lines:
            lines = [f"{row.subject}: no long-term target set yet (+ sets one)."]
        self.query_one("#target-history", Static).update(Content("\n".join(lines)))

    def _subject(self) -> SubjectStanding | LongTerm | None:
        """The highlighted subject's row."""
        if self.file is None:
            return None
        return self._highlighted("#long-term", self.file.standings or self.file.long_term)  # type: ignore[return-value]

    def _steps(self, row: SubjectStanding | LongTerm) -> tuple[TargetStep, ...]:
        """The subject's target changes, newest first."""
        return tuple(s for s in self.file.target_history if s.subject_id == row.subject_id) if self.file else ()

    def action_history(self) -> None:
        """h: the highlighted subject's whole target history, on its own screen."""
        row = self._subject()
        if self.file is None or row is None:
            return
        self.app.push_screen(TargetHistoryScreen(self.file.summary.pupil.name, row.subject, self._steps(row),
                                                 self.file.half_term.year))

    def _highlighted(self, table_id: str, rows: tuple) -> object | None:
        table = self.query_one(table_id, DataTable)
        return rows[table.cursor_row] if rows and 0 <= table.cursor_row < len(rows) else None

    def action_change(self, lower: bool, which: str = "year") -> None:
        """+ / -: the highlighted subject's long-term target (a secondary pupil's end-of-year
        one, or with ``which`` "key" their key-stage one). Lowering is refused before the
        dialog opens, not after the reason is typed, to all but SLT."""
        file = self.file
        if file is None:
            return
        rows = file.standings or file.long_term
        target = self._highlighted("#long-term", rows)
        if target is None:
            secondary = file.summary.pupil.year_group >= FIRST_SECONDARY_YEAR
            missing = "is in no teaching group yet" if secondary else "has no baseline yet"
            self.notify(f"No subject to set a target for: the pupil {missing}.", severity="warning")
            return
        refused = refusal(self.app.user.roles, Action.LOWER_TARGET) if lower else None  # type: ignore[attr-defined]
        if refused:
            self.say(refused)
            return
        user = self.app.user  # type: ignore[attr-defined]
        if isinstance(target, SubjectStanding):
            kind = "year" if which == "year" else target.key_stage.lower()
            dialog = GradeTargetDialog(user, file.pupil_id, target, kind, lower, self.app.today)  # type: ignore[attr-defined]
        else:
            dialog = TargetDialog(user, file.pupil_id, file.half_term.year, target, lower)  # type: ignore[arg-type]
        self.app.push_screen(dialog, self.changed)

    def action_key_stage(self) -> None:
        if self.file is None or not self.file.standings:
            return
        refused = no_key_stage_target(self.file.summary.pupil.year_group)
        if refused:  # Years 12-13
            self.say(f"{refused}.")
            return
        refused = refusal(self.app.user.roles, Action.SET_KEY_STAGE_TARGET)  # type: ignore[attr-defined]
        if refused:  # before a target is typed, as lowering is (the save checks again)
            self.say(refused)
            return
        self.action_change(False, "key")

    def changed(self, result: object) -> None:
        if result is None:
            return
        if isinstance(result, str):  # what a grade target's rule did, in words
            self.say(f"Saved: {result}")
        else:
            warning = getattr(result, "warning", "")  # a long-term target set fewer steps up than usual
            self.say(f"Saved. Note: {warning}." if warning else "Saved.")
        self.screen.action_refresh()  # type: ignore[attr-defined]

    def action_new(self, kind: str) -> None:
        if self.file is not None:
            self.app.push_screen(NewTargetDialog(self.app.user, self.file.pupil_id, kind), self.changed)  # type: ignore[attr-defined]

    def action_status(self, status: str) -> None:
        if self.file is None:
            return
        target = self._highlighted("#other-targets", self.file.targets)
        if target is None:
            return
        user, target_id = self.app.user, target.id  # type: ignore[attr-defined, union-attr]
        self.db.post(lambda: targets.set_status(user, target_id, status), done=self.StatusSaved)

    @on(StatusSaved)
    def status_saved(self, event: StatusSaved) -> None:
        event.stop()
        self.changed(True)

    @on(DbFailed)
    def status_refused(self, event: DbFailed) -> None:
        """The rules refused it: said beside the targets (anything else: by the app)."""
        if event.done is self.StatusSaved and isinstance(event.error, UserFacingError):
            event.stop()
            self.say(f"Not saved: {event.error}")
            self.notify(str(event.error), title="Not saved", severity="error", markup=False)

    def say(self, text: str) -> None:
        self.query_one("#targets-message", Static).update(Content(text))
