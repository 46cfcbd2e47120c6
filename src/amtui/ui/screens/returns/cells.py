"""What the return screen's grid shows: a teaching group's pupils for one return window,
each with their target, last return, this return (and coursework in Year 11) and whether
the head of department approved it or sent it back with a query."""

from __future__ import annotations

from amtui.db.repo.returns import WindowInfo
from amtui.db.repo.returns_read import ReturnInfo, ReturnSheet, SheetRow
from amtui.domain.grades import in_grades
from amtui.domain.returns import AOB_WORDS
from amtui.ui.typed_digits import TypedDigits
from amtui.ui.widgets.grid_cells import BOLD, DIM, HEADER, PLAIN, Cell, GridColumn

ERROR_STYLE = BOLD
PUPIL, TARGET, LAST, VALUE, COURSEWORK, CHECK = range(6)


def columns(window: WindowInfo) -> tuple[GridColumn, ...]:
    """Pupil, target, last return, this return, coursework (when asked for), the check."""
    value = GridColumn("value", 10 if window.asks_grade else 8)
    cw = GridColumn("coursework", 6) if window.coursework else GridColumn("coursework", 0, editable=False)
    return (GridColumn("pupil", 22, frozen=True, editable=False), GridColumn("target", 15, editable=False),
            GridColumn("last", 11, editable=False), value, cw, GridColumn("check", 9, editable=False))


def value_text(info: ReturnInfo | None, window: WindowInfo) -> str:
    if info is None:
        return ""
    if window.asks_grade:
        return info.projected
    return f"{info.aob} {AOB_WORDS[info.aob][:2].lower()}" if info.aob else ""


class ReturnSource:
    """A group's return sheet as the entry grid draws it; ``typed`` holds what is typed into
    the cursor's box and not saved yet (a grade's first character)."""

    def __init__(self, sheet: ReturnSheet) -> None:
        self.sheet = sheet
        self.window = sheet.window
        self.rows: list[SheetRow] = list(sheet.rows)
        self.typed: TypedDigits[tuple[int, int]] = TypedDigits()

    def header(self, line: int, column: int) -> Cell:
        names = ("Pupil", "Target", "Last", "Return" if not self.window.asks_grade else "Projected", "CW", "HoD")
        return names[column] if column != COURSEWORK or self.window.coursework else "", HEADER

    def footer(self, line: int, column: int) -> Cell:
        if column == PUPIL:
            done = sum(1 for r in self.rows if r.this and (r.this.aob or r.this.projected))
            return f"Returned {done} of {len(self.rows)}", DIM
        if column == CHECK:
            queries = sum(1 for r in self.rows if r.this and r.this.query)
            return (f"{queries} queried", BOLD) if queries else ("", PLAIN)
        return "", PLAIN

    def cell(self, row: int, column: int) -> Cell:
        pupil = self.rows[row]
        this = pupil.this
        if column == PUPIL:
            return pupil.name, PLAIN
        if column == TARGET:
            return (pupil.target or "-"), PLAIN if pupil.target else DIM
        if column == LAST:
            return (pupil.last or "-"), PLAIN if pupil.last else DIM
        if column in (VALUE, COURSEWORK):
            if typed := self.typed.at((row, column)):
                return f" {typed}_", BOLD
            if column == COURSEWORK:
                if not self.window.coursework:
                    return "", PLAIN
                return (f" {this.coursework}", BOLD) if this and this.coursework else (" __", DIM)
            text = value_text(this, self.window)
            return (f" {text}", BOLD) if text else (" __", DIM)
        if column == CHECK and this is not None:
            if this.query:
                return "QUERY", BOLD
            return ("approved", PLAIN) if this.checked else ("", PLAIN)
        return "", PLAIN


def detail_text(pupil: SheetRow | None, window: WindowInfo, fine: bool = False) -> str:
    """The line under the grid: the head of department's query on the pupil under the cursor,
    else what to type (``fine``: the school records fine grades, so a grade waits for its
    + or -, or Enter)."""
    if pupil is None:
        return "No pupils in this group."
    if pupil.this is not None and pupil.this.query:
        return f"{pupil.name}: QUERIED - {pupil.this.query} (enter the grade again to answer)"
    # The same line for every pupil (their target and last return are on their row): a key
    # that moves on sends no new detail line down the link.
    if window.asks_grade and fine and in_grades(window.year_group):
        return "Type a grade: 9-1 then + or - (Enter: whole), or u; then it moves on."  # 80 columns
    keys = "a / o / b: above, on or below target" if not window.asks_grade else (
        "a grade: 9-1 or u" if in_grades(window.year_group) else "a sub-stage: the stage, then r / e / d / s")
    return f"Type {keys}; the cursor moves on by itself."
