"""Cells a table cuts unsaid: a DataTable column of fixed width shows the start of a longer
text with no "…" ("St 5 Developin"), so a screen fits its texts to their columns first
(``ui.widgets.tables.fitted_cells``). Use ``cells_cut_unsaid(app.screen)`` in any Pilot test."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable


def cells_cut_unsaid(screen: Screen) -> list[str]:
    """Every cell of the screen's tables longer than its fixed-width column, with where it is."""
    found = []
    for table in screen.query(DataTable):
        for column_index, column in enumerate(table.ordered_columns):
            if column.auto_width:
                continue  # as wide as its widest cell: never cut
            for row_index in range(table.row_count):
                cell = table.get_row_at(row_index)[column_index]
                text = cell.plain if isinstance(cell, Text) else str(cell)
                if "\n" not in text and cell_len(text) > column.width:
                    found.append(f"#{table.id} row {row_index}, column {str(column.label)!r} ({column.width} wide): "
                                 f"{text!r} shows as {text[:column.width]!r}, cut without '…'")
    return found
