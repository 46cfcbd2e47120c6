"""Tables: lists whose rows a name's first letters reach (``JumpTable``), a row-picking
table whose Enter key shows in the footer, and plain cells."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.content import Content
from textual.widgets import DataTable, OptionList
from textual.widgets.data_table import Column

from amtui.ui.widgets.heading import fitted_heading
from amtui.ui.widgets.type_jump import TypeToJump


_WIDTHS_FOLLOW_CELLS = hasattr(DataTable, "_update_dimensions") and "_update_count" in DataTable.__init__.__code__.co_names
"""Whether the installed Textual measures new rows as ``FittedTable`` expects; if not, its own."""


class FittedTable(DataTable):
    """A DataTable whose columns grow to their cells however the drawing and the measuring
    fall (the one table to make where a plain DataTable would do)."""

    if _WIDTHS_FOLLOW_CELLS:
        def _update_dimensions(self, new_rows) -> None:
            """Textual's, and then its drawn cells are drawn again when a column's width grew.

            A DataTable measures new rows' cells when it is next idle, but keys the cells it
            has drawn by its update count, which that measuring leaves as it was: a row drawn
            between being added and measured (a busy machine's paint comes first) stayed cut
            at the heading's width ("Latest progress re") until the next change."""
            widths = [column.content_width for column in self.ordered_columns]
            super()._update_dimensions(new_rows)
            if [column.content_width for column in self.ordered_columns] != widths:
                self._update_count += 1  # what every cache of drawn cells and lines is keyed by
                self.refresh()


class JumpTable(TypeToJump, FittedTable):
    """A row table where a name's first letters go to its row (after ``/`` where letters
    are keys), and Home/End go to the first and last row, PgUp/PgDn a page."""

    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False, id="table.first"),
        Binding("end", "scroll_bottom", "Last", show=False, id="table.last"),
        *TypeToJump.JUMP_BINDINGS,
    ]

    def __init__(self, *, name_column: int = 0, id: str | None = None, classes: str | None = None,
                 cursor_type: str = "row") -> None:
        super().__init__(id=id, classes=classes, cursor_type=cursor_type)  # type: ignore[arg-type]
        self.name_column = name_column  # the column that names a row (a pupil, a person ...)

    def jump_names(self) -> list[str]:
        if not self.columns:
            return []
        column = min(self.name_column, len(self.columns) - 1)
        return [cell.plain if isinstance(cell, Text) else str(cell) for cell in (self.get_cell_at(Coordinate(row, column)) for row in range(self.row_count))]

    def jump_current(self) -> int:
        return self.cursor_coordinate.row

    def jump_to(self, index: int) -> None:
        self.move_cursor(row=index)


class JumpOptionList(TypeToJump, OptionList):
    """An option list (the pick dialog's) where a name's first letters go to its option."""

    BINDINGS = [*TypeToJump.JUMP_BINDINGS]

    def jump_names(self) -> list[str]:
        return [Content.from_text(option.prompt).plain if not isinstance(option.prompt, Text) else option.prompt.plain
                for option in self.options]

    def jump_current(self) -> int:
        return self.highlighted if self.highlighted is not None else -1

    def jump_to(self, index: int) -> None:
        self.highlighted = index


class OpenTable(JumpTable):
    """A DataTable of rows to open; Enter posts ``DataTable.RowSelected`` as usual.

    Rows are keyed by the id of what they show, so handlers read ``event.row_key.value``.
    """

    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open the highlighted row", id="table.open")]

    def __init__(self, *, name_column: int = 0, slash_starts_jump: bool = True, id: str | None = None,
                 classes: str | None = None):
        super().__init__(name_column=name_column, id=id, classes=classes)
        self.slash_starts_jump = slash_starts_jump


def plain(cells: Iterable[object]) -> list[Text]:
    """Cells shown as they are: DataTable reads a str cell as markup, and a name with "["
    in it (from an imported CSV) must neither vanish nor raise."""
    return [cell if isinstance(cell, Text) else Text(str(cell)) for cell in cells]


def fitted_cells(cells: Iterable[object], widths: Iterable[int | None]) -> tuple:
    """Each cell within its column's width (None: a column as wide as its cells): a longer
    one ends "…" where a DataTable would cut it unsaid ("St 5 Developin"). A styled cell
    keeps its style; a cell of several lines is left as it is."""
    return tuple(_fitted(cell, width) for cell, width in zip(cells, widths, strict=False))


def _fitted(cell: object, width: int | None) -> object:
    if width is None:
        return cell
    if isinstance(cell, Text):
        if "\n" in cell.plain or cell.cell_len <= width:
            return cell
        cut = cell[:max(width - 1, 0)]
        cut.rstrip()
        cut.append("…")
        return cut
    text = str(cell)
    return text if "\n" in text else fitted_heading(width, text)


def fitted_row(table: DataTable, cells: Iterable[object]) -> list[Text]:
    """A row's cells as ``table`` shows them: plain, each within its column's width (a
    longer one ends "…"). The one way a row goes into a table of fixed-width columns."""
    widths = [_room(column) for column in table.ordered_columns]
    cells = list(cells)
    return plain(fitted_cells(cells, widths + [None] * (len(cells) - len(widths))))


def update_fitted(table: DataTable, row_key: str, column: int, cell: object) -> None:
    """Change one cell (the ``column``-th of the row keyed ``row_key``), fitted to its column."""
    found = table.ordered_columns[column]
    table.update_cell(row_key, found.key, plain([_fitted(cell, _room(found))])[0])


def _room(column: Column) -> int | None:
    """What a column shows of a cell: its width, or None when it grows to its widest cell."""
    return None if column.auto_width else column.width


def highlighted_key(table: DataTable) -> str | None:
    """The key of the row under the cursor (None when the table is empty)."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def refill(table: DataTable, rows: list[tuple[str, tuple]]) -> None:
    """Replace the rows (key, cells), keeping the cursor on the same row number; each cell
    within its column's width (``fitted_row``)."""
    row = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*fitted_row(table, cells), key=key)
    if table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1))
