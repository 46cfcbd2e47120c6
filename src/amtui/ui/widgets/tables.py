"""Tables: a row-picking table whose Enter key shows in the footer, and plain cells."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class OpenTable(DataTable):
    """A DataTable of rows to open; Enter posts ``DataTable.RowSelected`` as usual.

    Rows are keyed by the id of what they show, so handlers read ``event.row_key.value``.
    """

    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open the highlighted row", id="table.open")]

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes, cursor_type="row")


def plain(cells: Iterable[object]) -> list[Text]:
    """Cells shown as they are: DataTable reads a str cell as markup, and a name with "["
    in it (from an imported CSV) must neither vanish nor raise."""
    return [cell if isinstance(cell, Text) else Text(str(cell)) for cell in cells]


def highlighted_key(table: DataTable) -> str | None:
    """The key of the row under the cursor (None when the table is empty)."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
