"""The Attainment tab: each subject's half-terms as coloured cells, and the year as a chart.

A cell reads "2Dm A": St 2 Developing, mid, Above the expected line. The colour repeats
the letter (green above, yellow on target, red below) so it reads in any terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from amtui.db.repo.attainment import Standing, SubjectAttainment
from amtui.db.repo.pupil_file import PupilFile
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.scale import SubStage
from amtui.reports.steps import series_of
from amtui.ui.widgets.status import colour, status_text
from amtui.ui.widgets.steps_chart import StepsChart
from amtui.ui.widgets.tables import FittedTable

LEGEND = "2Dm: St 2 Developing mid · A above, O on target, N nearly, B below · ◆ baseline"  # 80 columns


def short(sub: SubStage | None) -> str:
    return sub.short if sub else "-"


def half_term_cell(standing: Standing | None) -> Text:
    """" 2Dm A" on the status colour; " 2Dm" uncoloured without a target; blank if not yet."""
    if standing is None:
        return Text("")
    if standing.status is None:
        return Text(f" {standing.short}")
    cell = f"{standing.short:<3} {standing.status.letter}"
    return Text.assemble(" ", (cell, f"#000000 on {colour(standing.status.colour)}"))


def subject_cells(subject: SubjectAttainment) -> list[Text]:
    """The table row: subject, stage, HT1-HT6, baseline, target, expected now, status."""
    by_number = {s.number: s for s in subject.standings}
    now = subject.now
    status = status_text(now.status if now else None)
    return [Text(subject.subject[:8]), Text(f"{subject.working_stage:>3}"),
            *(half_term_cell(by_number.get(h)) for h in HalfTermNumber),
            Text(f" {short(subject.baseline)}"), Text(f" {short(subject.target)}"),
            Text(f" {short(now.expected if now else None)}"), Text(" ") + status]


def detail_text(subject: SubjectAttainment) -> str:
    """The highlighted subject in words, narrow enough to sit beside the chart."""
    now = subject.now
    lines = [f"{subject.subject} now: {now.text if now else '-'}"]
    placement = now.placement if now else None
    if placement is None:
        lines.append(f"No criteria bank for stage {subject.working_stage} yet.")
    else:
        lines.append(f"{placement.crosses} of {placement.bank_size} crosses, stage {subject.working_stage} bank")
        if placement.crosses_to_next:
            lines.append(f"{placement.crosses_to_next} more for the next band")
        sub = placement.substage
        lines.append(f"APS {sub.aps if sub.aps is not None else '-'} · NC {sub.nc or '-'}")
    lines.append(f"Baseline {subject.baseline.label if subject.baseline else 'none'}")
    fft = f" (FFT {subject.fft.short})" if subject.fft else ""
    lines.append(f"Target {subject.target.label if subject.target else 'none'}{fft}")
    if now and now.expected:
        lines.append(f"Expected now {now.expected.label}")
    if subject.baseline is None or subject.target is None:
        lines.append("No baseline or target: no status.")
    return "\n".join(lines)


class AttainmentPane(Vertical):
    """Subjects x half-terms, and the highlighted subject's chart and detail."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.subjects: tuple[SubjectAttainment, ...] = ()

    def compose(self) -> ComposeResult:
        yield FittedTable(id="subjects", cursor_type="row", cell_padding=0)
        yield Static(LEGEND, id="attainment-legend")
        with Horizontal(id="attainment-lower"):
            yield StepsChart(id="steps-chart")
            yield Static(id="subject-detail")

    def on_mount(self) -> None:
        table = self.query_one("#subjects", DataTable)
        table.add_column("Subject", width=8)
        table.add_column("Stg", width=4)
        for h in HalfTermNumber:
            table.add_column(f" HT{h}", width=6)
        for title in ("Bas", "Tgt", "Exp"):
            table.add_column(f" {title}", width=4)
        table.add_column(" Status", width=17)

    def show(self, file: PupilFile) -> None:
        self.subjects = file.subjects
        table = self.query_one("#subjects", DataTable)
        row = table.cursor_row
        table.clear()
        for index, subject in enumerate(file.subjects):
            table.add_row(*subject_cells(subject), key=str(index))
        detail = self.query_one("#subject-detail", Static)
        if file.summary.pupil.left_on:
            detail.update(Content(f"Left on {file.summary.pupil.left_on:%d %b %Y}."))
        if not file.subjects:
            detail.update(Content("No working stage set in any subject yet." + (
                " Each subject's group, targets and grade are on the Groups tab (s)." if file.standings else "")))
            self.query_one("#steps-chart", StepsChart).series = None
        elif row:
            table.move_cursor(row=min(row, table.row_count - 1))

    @on(DataTable.RowHighlighted, "#subjects")
    def explain(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None or not self.subjects:
            return
        subject = self.subjects[int(event.row_key.value)]
        self.query_one("#subject-detail", Static).update(Content(detail_text(subject)))
        self.query_one("#steps-chart", StepsChart).series = series_of(subject)
