"""How weekly test results look: a score in its colour with its letter, short level names,
and the sheet's grid source (what each cell of the weekly entry grid shows)."""

from __future__ import annotations

from rich.style import Style

from amtui.db.repo.weekly import SheetRow, Sitting, WeeklySheet
from amtui.domain.ryg import RYG
from amtui.domain.settings import Settings
from amtui.domain.weekly import score_colour
from amtui.ui.typed_digits import TypedDigits
from amtui.ui.widgets.grid_cells import BOLD, DIM, HEADER, PLAIN, RYG_STYLES, Cell, GridColumn
from amtui.ui.widgets.status import colour

ABSENT = "abs"


def short_level(level: str | None) -> str:
    """"Level 2" -> "L2", "Bridging 2-3" -> "B2-3", None -> "-"."""
    if not level:
        return "-"
    word, _, number = level.partition(" ")
    return f"{word[0]}{number}"


def score_text(score: int | None, settings: Settings) -> tuple[str, RYG | None]:
    """"23 G" and its rating; "abs" (no rating) for an absence."""
    if score is None:
        return ABSENT, None
    rating = score_colour(score, settings)
    return f"{score:>2} {rating.value}", rating


def score_cell(sitting: Sitting | None, settings: Settings, pad: str = "") -> Cell:
    """A sitting as a grid cell: colour AND letter, so it reads without colour too."""
    if sitting is None:
        return "", PLAIN
    text, rating = score_text(sitting.score, settings)
    return pad + text + " ", RYG_STYLES[rating] if rating else DIM


COLUMNS = (
    GridColumn("pupil", 20, frozen=True, editable=False),
    GridColumn("level", 6, editable=False),
    GridColumn("test", 5, editable=False),
    GridColumn("last1", 6, editable=False),
    GridColumn("last2", 6, editable=False),
    GridColumn("last3", 7, editable=False),
    GridColumn("greens", 11, editable=False),
    GridColumn("score", 8),
    GridColumn("due", 9, editable=False),
)
SCORE = 7
# The last three sittings run oldest to newest, the newest said so (78 columns in all).
HEADERS = ("Pupil", "Level", "Test", "Last 3", "", "Newest", "Greens", "Score", "Promote")


class SheetSource:
    """The weekly sheet as the entry grid draws it.

    ``typed`` holds the digits typed so far in the cursor's score box; ``rows`` are
    replaced one by one as saves come back.
    """

    def __init__(self, sheet: WeeklySheet) -> None:
        self.sheet = sheet
        self.settings = sheet.settings
        self.rows: list[SheetRow] = list(sheet.rows)
        self.typed: TypedDigits[int] = TypedDigits()  # by row: a score not yet saved

    def header(self, line: int, column: int) -> Cell:
        return HEADERS[column], HEADER

    def footer(self, line: int, column: int) -> Cell:
        entered = [r.this_week for r in self.rows if r.this_week is not None]
        if column == 0:
            return f"Entered {len(entered)} of {len(self.rows)}", DIM
        if column == SCORE:
            absent = sum(1 for s in entered if s.score is None)
            return (f"{absent} abs" if absent else ""), DIM
        if column == SCORE + 1:
            due = sum(1 for r in self.rows if r.due)
            return (f"{due} due" if due else ""), BOLD if due else DIM
        return "", PLAIN

    def cell(self, row: int, column: int) -> Cell:
        pupil = self.rows[row]
        if column == 0:
            return pupil.name, PLAIN
        if column == 1:
            return short_level(pupil.level), PLAIN if pupil.level else DIM
        if column == 2:
            if pupil.test is None:
                return "-", DIM
            moved = pupil.this_week is not None and pupil.this_week.level != pupil.level
            return f"T{pupil.test}{'*' if moved else ''}", PLAIN
        if 3 <= column <= 5:
            earlier = (None,) * (3 - len(pupil.earlier)) + pupil.earlier
            return score_cell(earlier[column - 3], self.settings)
        if column == 6:
            return (f"{pupil.greens} in a row", BOLD) if pupil.level else ("", PLAIN)
        if column == SCORE:
            if typed := self.typed.at(row):
                return f" {typed}_", BOLD
            if pupil.this_week is None:
                return " __", DIM
            return score_cell(pupil.this_week, self.settings, pad=" ")
        if column == SCORE + 1 and pupil.due:
            return f"-> {short_level(pupil.due)}", Style(bold=True, color=colour("green"))
        return "", PLAIN


def detail_text(pupil: SheetRow | None, sheet: WeeklySheet, width: int = 80) -> str:
    """One line about the pupil under the cursor, within ``width``: its figures take their
    short forms ("L3", "0 of 4 in a row") before the line is too long for the name."""
    if pupil is None:
        return "No pupils on roll in this class."
    if pupil.level is None:
        return f"{pupil.name}: no weekly test level yet (l sets one)."
    line = _detail(pupil, sheet, short=False)
    return line if len(line) <= width else _detail(pupil, sheet, short=True)


def _detail(pupil: SheetRow, sheet: WeeklySheet, short: bool) -> str:
    level = short_level(pupil.level) if short else pupil.level
    in_a_row = "in a row" if short else "greens in a row"
    if pupil.due:
        due = short_level(pupil.due) if short else pupil.due
        return f"{pupil.name} · {pupil.greens} {in_a_row} at {level}: move up to {due}? p confirms"
    since = f" since {pupil.level_since:%d %b}" if pupil.level_since else ""
    greens = f"{pupil.greens} of {sheet.settings.promotion_greens} {in_a_row}"
    if pupil.this_week is not None and pupil.this_week.level != pupil.level:  # moved up since
        sat = f"T{pupil.this_week.test}* at" if short else f"this week's T{pupil.this_week.test}* was at"
        return f"{pupil.name} · {level}{since} · {sat} {short_level(pupil.this_week.level)} · {greens}"
    return f"{pupil.name} · {level}{since} · test {pupil.test} · {greens}"
