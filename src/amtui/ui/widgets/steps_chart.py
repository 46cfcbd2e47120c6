"""A subject's year drawn in the terminal: steps up the side, baseline and HT1-HT6 along the foot.

The pupil's position each half-term is their status letter (A above, O on target, N nearly,
B below) in the status colour, so it reads without colour too; ``·`` is the expected line,
``◆`` the baseline and the dashed row the long-term target.
"""

from __future__ import annotations

from math import ceil

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from amtui.domain.half_term import HALF_TERMS_PER_YEAR, HalfTermNumber
from amtui.reports.steps import StepsSeries
from amtui.ui.widgets.status import colour

LABEL = 4  # "2D  "
SLOT = 4  # characters per point along the foot
MAX_ROWS = 8
EXPECTED, BASELINE, NO_STATUS, RULE = "·", "◆", "●", "╌"


def chart_lines(series: StepsSeries | None, max_rows: int = MAX_ROWS) -> list[Text]:
    """The chart as lines of text, top (highest step) first; a note when there is no data."""
    bounds = series.bounds() if series else None
    if series is None or bounds is None:
        return [Text("No baseline, target or placement to chart yet.", style="dim")]
    low, high = bounds
    per_row = max(1, ceil((high - low + 1) / max_rows))
    rows = ceil((high - low + 1) / per_row)
    width = SLOT * (HALF_TERMS_PER_YEAR + 1)
    grid: list[list[tuple[str, str]]] = [[(" ", "")] * width for _ in range(rows)]

    def row_of(step: int) -> int:
        return rows - 1 - (step - low) // per_row

    def put(step: int, x: int, char: str, style: str) -> None:
        grid[row_of(step)][SLOT * x + 1] = (char, style)

    if series.target is not None:
        grid[row_of(series.target.step)] = [(RULE, "dim")] * width
    for h, expected in enumerate(series.expected, 1):
        if expected is not None:
            put(expected.step, h, EXPECTED, "bold")
    if series.baseline is not None:
        put(series.baseline.step, 0, BASELINE, "bold")
    for h, (actual, status) in enumerate(zip(series.actual, series.statuses), 1):
        if actual is not None:
            mark, style = (status.letter, f"bold #000000 on {colour(status.colour)}") if status else (NO_STATUS, "bold")
            put(actual.step, h, mark, style)
    lines = []
    for index, cells in enumerate(grid):
        step = low + (rows - 1 - index) * per_row
        line = Text(f"{series.label(step):<{LABEL}}")
        for char, style in cells:
            line.append(char, style)
        if series.target is not None and row_of(series.target.step) == index:
            line.append(" target", "dim")
        lines.append(line)
    lines.append(Text(" " * LABEL + "".join(f" {x:<{SLOT - 1}}" for x in ["Bl", *HalfTermNumber])))
    return lines


def chart_text(series: StepsSeries | None, max_rows: int = MAX_ROWS) -> Text:
    return Text("\n").join(chart_lines(series, max_rows))


class StepsChart(Static):
    """The chart of one subject; set ``series`` to redraw."""

    series: reactive[StepsSeries | None] = reactive(None, layout=True)

    def render(self) -> Text:
        return chart_text(self.series)
