"""A pupil's target history in a subject: every change of its end-of-key-stage and
end-of-year targets, in every year, newest first, each with who made it, when, from what
to what and why. The Targets tab shows the newest two; ``h`` opens the whole history here,
where it scrolls (↑ ↓ PgUp PgDn) at 80x24."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from amtui.db.repo.grade_targets import TargetStep
from amtui.ui.widgets.heading import fitted_heading
from amtui.ui.widgets.steady_footer import footer

TAGS = {"ks3": "KS3", "ks4": "KS4"}
SHOWN_INLINE = 2
"""The changes the Targets tab has room for, under the subjects."""


def kind_tag(step: TargetStep, this_year: int) -> str:
    """"KS3", "KS4", "Year" (this year's end-of-year target) or "Year 2025-26" (an earlier one)."""
    if step.kind in TAGS:
        return TAGS[step.kind]
    return "Year" if step.start_year == this_year else f"Year {step.start_year}-{(step.start_year + 1) % 100:02d}"


def step_text(step: TargetStep, why: bool = True) -> str:
    """"30 Nov 2026 Margaret Okafor lowered from 7 to 6: moved set"."""
    moved = f"from {step.old} to {step.new}" if step.old else f"to {step.new}"
    reason = f": {step.reason}" if why and step.reason else ""
    return f"{step.set_at:%d %b %Y} {step.set_by} {step.word} {moved}{reason}"


def summary_lines(steps: tuple[TargetStep, ...], this_year: int, width: int, tagged: bool = True) -> list[str]:
    """The newest changes, a line each within ``width`` (a longer one ends "…"), and how to
    see them all when there are more or one was cut. ``tagged``: each says which target it changed."""
    whole = [f"{kind_tag(step, this_year)}: {step_text(step)}" if tagged else step_text(step)
             for step in steps[:SHOWN_INLINE]]
    lines = [fitted_heading(width, line) for line in whole]
    if len(steps) > SHOWN_INLINE or lines != whole:
        lines.append(fitted_heading(width, f"h: the whole history ({len(steps)} changes: who, when, from, to, why)"))
    return lines


def option_text(step: TargetStep, this_year: int) -> Text:
    """One change as the history lists it: what and who on the first line, why below."""
    text = Text(f"{kind_tag(step, this_year)} · {step_text(step, why=False)}")
    if step.reason:
        text.append(f"\n  Why: {step.reason}", style="dim")
    return text


class TargetHistoryScreen(Screen):
    """The whole history of a pupil's targets in one subject, newest first; Esc goes back."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the pupil's targets", id="target_history.back"),
    ]

    def __init__(self, pupil: str, subject: str, steps: tuple[TargetStep, ...], this_year: int) -> None:
        super().__init__()
        self.pupil, self.subject, self.steps, self.this_year = pupil, subject, steps, this_year

    def compose(self) -> ComposeResult:
        yield Header()
        count = f"{len(self.steps)} change{'s' if len(self.steps) != 1 else ''}, newest first" if self.steps else \
            "no target set yet"
        yield Static(Content(f"{self.pupil} · {self.subject} targets · {count}"), id="history-head")
        options: list[Text | None] = []
        for step in self.steps:
            options += [option_text(step, self.this_year), None]
        yield OptionList(*options[:-1], id="history-list")
        yield footer()

    def on_mount(self) -> None:
        self.query_one("#history-list", OptionList).focus()
