"""One pupil at a glance: who they are, and where they stand in each subject now."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from amtui.db.repo.pupils import PupilSummary, pupil_summary
from amtui.db.repo.tracking import TrackingRow
from amtui.domain.scale import SubStage
from amtui.ui.widgets.status import status_text
from amtui.ui.widgets.tables import plain
from amtui.ui.workers import ReportsDbFailures, failure_text, run_db

COLUMNS = ("Subject", "Stg", "Crosses", "Now", "APS", "NC", "Base", "Target", "Exp", "Status")


def short(sub: SubStage | None) -> str:
    return sub.short if sub else "-"


def header_text(summary: PupilSummary) -> str:
    p = summary.pupil
    born = f" · born {summary.dob:%d %b %Y}" if summary.dob else ""
    year = "Reception" if p.year_group == 0 else f"Year {p.year_group}"
    place = f"{p.class_name} · {year}" if p.class_name else year
    meeting = summary.meeting
    last = f"last {meeting.last:%d %b %Y}" if meeting.last else "no meeting yet"
    return "\n".join([
        f"[b]{escape(p.name)}[/b] · {escape(place)} · UPN {escape(p.upn)}{born}",
        f"Mentor: {escape(summary.mentor or 'none')} · Flags: {p.flags or 'none'}",
        f"Next meeting: {meeting.marker}; {last} · now {summary.half_term.label}",
    ])


def row_cells(row: TrackingRow) -> tuple:
    now = short(row.substage) + (f" {row.position}" if row.position else "")
    crosses = f"{row.crosses}/{row.bank_size}" if row.placement else "-"
    return (row.subject, str(row.working_stage), crosses, now,
            str(row.aps) if row.aps is not None else "-", row.nc or "-", short(row.baseline),
            short(row.target), short(row.expected), status_text(row.status))


def detail_text(row: TrackingRow) -> str:
    """The highlighted subject in words: full sub-stage labels and what comes next."""
    if row.substage is None or row.placement is None:
        lines = [f"{row.subject}: no criteria bank for stage {row.working_stage} yet."]
    else:
        band = f" ({row.position})" if row.position else ""
        to_next = row.placement.crosses_to_next
        lines = [
            f"{row.subject}: {row.substage.label}{band} · {row.crosses} of {row.bank_size} crosses "
            f"in the stage {row.working_stage} bank",
            (f"{to_next} more for the next band · " if to_next else "")
            + f"APS {row.aps if row.aps is not None else '-'} · NC {row.nc or '-'}",
        ]
    if row.baseline is None or row.target is None:
        lines.append("No baseline or target this year, so no progress status.")
    else:  # at most 77 characters, so it fits 80 columns (the status is in the table)
        expected = row.expected.label if row.expected else "-"
        lines.append(f"Baseline {row.baseline.label}, target {row.target.label}, now expected {expected}")
    return "\n".join(lines)


class PupilSummaryScreen(ReportsDbFailures, Screen):
    """A pupil's header facts and per-subject positions; Esc goes back."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id="pupil.back"),
        Binding("r", "refresh", "Refresh", tooltip="Read the pupil's records again", id="pupil.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        summary: PupilSummary

    def __init__(self, pupil_id: int):
        super().__init__()
        self.pupil_id = pupil_id
        self.summary: PupilSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="pupil-head")
        yield DataTable(id="subjects", cursor_type="row")
        yield Static(id="subject-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#subjects", DataTable).add_columns(*COLUMNS)
        self.action_refresh()

    def action_refresh(self) -> None:
        pupil_id, today = self.pupil_id, self.app.today  # type: ignore[attr-defined]
        run_db(self, lambda: pupil_summary(pupil_id, today), group="summary", done=self.Loaded)

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.summary = summary = event.summary
        self.query_one("#pupil-head", Static).update(header_text(summary))
        table = self.query_one("#subjects", DataTable)
        table.clear()
        for index, pos in enumerate(summary.subjects):
            table.add_row(*plain(row_cells(pos)), key=str(index))
        if summary.pupil.left_on:
            self.query_one("#subject-detail", Static).update(
                f"Left on {summary.pupil.left_on:%d %b %Y}: tracking covers pupils on roll only.")
        elif not summary.subjects:
            self.query_one("#subject-detail", Static).update("No working stage set in any subject yet.")

    @on(DataTable.RowHighlighted, "#subjects")
    def explain(self, event: DataTable.RowHighlighted) -> None:
        if self.summary and event.row_key.value is not None:
            pos = self.summary.subjects[int(event.row_key.value)]
            self.query_one("#subject-detail", Static).update(Content(detail_text(pos)))

    def db_failed(self, group: str, error: BaseException | None) -> None:
        self.query_one("#pupil-head", Static).update(Content(failure_text(error)))
