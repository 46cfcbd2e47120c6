"""What the half-term test grid shows: marks with their code and colour, each pupil's
sub-stage (from crosses) beside their total, section totals, and the title line."""

from __future__ import annotations

from amtui.db.repo.halfterm import Question, Standing, TestSheet
from amtui.domain.codes import Code
from amtui.domain.halfterm_tests import mark_to_code
from amtui.domain.ryg import RYG
from amtui.domain.score_entry import Totals, totals
from amtui.ui.typed_digits import TypedDigits
from amtui.ui.widgets.grid_cells import BOLD, DIM, DOWN, HEADER, PLAIN, RYG_STYLES, Cell, GridColumn

CODE_STYLES = {Code.CROSS: RYG_STYLES[RYG.GREEN], Code.LINE: RYG_STYLES[RYG.YELLOW],
               Code.DOT: RYG_STYLES[RYG.RED]}
FROZEN = (GridColumn("pupil", 16, frozen=True, editable=False),
          GridColumn("now", 8, frozen=True, editable=False),
          GridColumn("total", 7, frozen=True, editable=False))
QUESTION_WIDTH = 4
SECTION_WIDTH = 10


def standing_text(standing: Standing | None) -> str:
    """ "2D mid" from the crosses; "-" without a bank to count in."""
    if standing is None or not standing.short:
        return "-"
    return f"{standing.short} {standing.position}" if standing.position else standing.short


def mark_cell(mark: int | None, question: Question) -> Cell:
    """ "2X": the mark and the code it records, in that code's colour; " -" when nothing is
    entered ("." is the code "partly achieved", never "nothing")."""
    if mark is None:
        return " -", DIM
    code = mark_to_code(mark, question.marks)
    return f"{mark}{code.symbol}", CODE_STYLES[code]


class TestSource:
    """The test sheet as the entry grid draws it; ``marks`` change as the teacher types."""

    def __init__(self, sheet: TestSheet) -> None:
        self.sheet = sheet
        self.questions: tuple[Question, ...] = sheet.test.questions if sheet.test else ()
        self.sections = sheet.test.sections if sheet.test else ()
        self.marks = dict(sheet.marks)
        self.standings = dict(sheet.standings)
        self.typed: TypedDigits[tuple[int, int]] = TypedDigits()  # by (row, column): a mark not yet saved

    def columns(self) -> tuple[GridColumn, ...]:
        questions = tuple(GridColumn(f"q{q.id}", QUESTION_WIDTH) for q in self.questions)
        sections = tuple(GridColumn(f"s{i}", SECTION_WIDTH, editable=False) for i in range(len(self.sections)))
        return FROZEN + questions + sections

    def question_at(self, column: int) -> Question | None:
        index = column - len(FROZEN)
        return self.questions[index] if 0 <= index < len(self.questions) else None

    def column_of(self, question_id: int) -> int:
        return len(FROZEN) + next(i for i, q in enumerate(self.questions) if q.id == question_id)

    def totals(self, row: int) -> Totals:
        pupil = self.sheet.pupils[row].id
        return totals([q.key for q in self.questions], {q.id: self.marks.get((pupil, q.id)) for q in self.questions})

    def header(self, line: int, column: int) -> Cell:
        if column < len(FROZEN):
            return (("Pupil", "Now", "Total")[column] if line == 0 else ""), HEADER
        question = self.question_at(column)
        if question is not None:
            return (question.number if line == 0 else f"{question.marks}m"), HEADER
        section = self.sections[column - len(FROZEN) - len(self.questions)]
        return (section if line == 0 else ""), HEADER

    def footer(self, line: int, column: int) -> Cell:
        if column == 0:
            return "Full marks", DIM
        question = self.question_at(column)
        if question is None:
            return "", PLAIN
        full = sum(1 for p in self.sheet.pupils if self.marks.get((p.id, question.id)) == question.marks)
        return f"{full:>2}", DIM

    def cell(self, row: int, column: int) -> Cell:
        pupil = self.sheet.pupils[row]
        if column == 0:
            return pupil.name, PLAIN
        if column == 1:
            return standing_text(self.standings.get(pupil.id)), BOLD
        if column == 2:
            sums = self.totals(row)
            return f"{sums.gained}/{sums.out_of}", PLAIN
        question = self.question_at(column)
        if question is not None:
            if typed := self.typed.at((row, column)):
                return f"{typed}_", BOLD
            return mark_cell(self.marks.get((pupil.id, question.id)), question)
        name, got, of = self.totals(row).sections[column - len(FROZEN) - len(self.questions)]
        return f"{got}/{of}", PLAIN


def title_text(sheet: TestSheet, direction: str) -> str:
    where = f"{sheet.school_class.name} · {sheet.subject.name}"
    if sheet.stage is None:
        text = f"{where}: nobody in the class has a working stage in {sheet.subject.name} yet."
    elif sheet.test is None:
        text = (f"{where} stage {sheet.stage} · {sheet.half_term.dates.short}: no test yet "
                "(amtui import halfterm-tests FILE.csv)")
    else:
        text = (f"{where} stage {sheet.stage} · {sheet.half_term.dates.short} test · "
                f"{len(sheet.pupils)} pupils · {len(sheet.test.questions)} qs, {sheet.test.out_of} marks · "
                f"moving {'down' if direction == DOWN else 'across'}")
    return text + (f" · LOCKED by {sheet.lock_by}" if sheet.lock_by else "")
