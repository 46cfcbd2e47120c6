"""Progress status shown as colour AND letter AND word, so it reads in 16 colours or none;
the same for a mentoring meeting that is due."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from amtui.domain.ryg import RYG
from amtui.domain.targets import Status

if TYPE_CHECKING:
    from amtui.db.repo.pupils import MeetingDue

NOT_ASSESSED = "-"

# Exact colours rather than ANSI names: Textual maps ANSI names through the theme (its
# "red" can come out magenta in 16 colours); these land on plain green/yellow/red.
COLOURS = {"green": "#00a000", "yellow": "#d0b000", "red": "#d00000"}


def colour(name: str) -> str:
    """The colour for a domain colour name ("green", "yellow", "red")."""
    return COLOURS.get(name, name)


def status_text(status: Status | None, *, words: bool = True) -> Text:
    """A cell for tables: " A " on green, then "Above"; "-" when there is no status."""
    if status is None:
        return Text(NOT_ASSESSED, style="dim")
    badge = (f" {status.letter} ", f"bold #000000 on {colour(status.colour)}")
    return Text.assemble(badge, status.label) if words else Text.assemble(badge)


def rated(text: str, rating: RYG | None) -> Text:
    """Text on its R/Y/G colour (the text itself carries the letter or figure)."""
    if rating is None:
        return Text(text or "-", style="dim" if not text else "")
    return Text(f" {text} ", style=f"#000000 on {colour(rating.colour)}")


def due_text(meeting: MeetingDue) -> Text:
    """The short marker ("! overdue", "* 13 Feb") in a colour that repeats what it says."""
    style = f"bold {colour('red')}" if meeting.overdue else colour("yellow") if meeting.due_now else ""
    return Text(meeting.short, style=style)


class StatusBadge(Static):
    """One pupil's status in a subject, e.g. ``[O] On target``."""

    DEFAULT_CSS = """
    StatusBadge { width: auto; height: 1; }
    """

    status: reactive[Status | None] = reactive(None)

    def render(self) -> Text:
        return status_text(self.status)
