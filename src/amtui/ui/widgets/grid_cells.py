"""What an entry grid draws: its columns, the source of its cells, and the cell styles
the grids share (a rating's colour with its letter, a header, a dim "nothing here")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rich.style import Style

from amtui.domain.ryg import RYG
from amtui.ui.widgets.status import colour

ACROSS, DOWN = "across", "down"
"""Where the cursor goes after an entry: along the row, or down the column."""

# Padding gets a real (empty) style: under NO_COLOR Textual's monochrome filter reads
# every segment's style and fails on None.
PLAIN, DIM, BOLD = Style(), Style(dim=True), Style(bold=True)
HEADER = Style(bold=True, underline=True)
RYG_STYLES = {rating: Style(color="#000000", bgcolor=colour(rating.colour), bold=True) for rating in RYG}


@dataclass(frozen=True)
class GridColumn:
    """One column: frozen columns stay on the left; only editable ones take the cursor."""

    key: str
    width: int
    frozen: bool = False
    editable: bool = True


Cell = tuple[str, Style]


def fitted(texts: list[str], widths: list[int]) -> list[str]:
    """Each text cut or padded to its column (``fitted_text``)."""
    return [fitted_text(text, width, texts[index + 1] if index + 1 < len(texts) else "")
            for index, (text, width) in enumerate(zip(texts, widths))]


def fitted_text(text: str, width: int, following: str) -> str:
    """A text cut or padded to its column, and nothing run together or cut unsaid: a
    text longer than its column, or one that fills it to the last cell before a column
    whose text (``following``) starts at once, ends "… " ("Kacper Fox-Pi… 10", not
    "Kacper Fox-Pitt10"; "Marie-Éléonore Ackro…", not "Marie-Éléonore Ackroyd" for a
    longer name)."""
    longer = len(text.rstrip()) > width
    if width >= 4 and (longer or len(text) >= width and text[width - 1] != " " and following[:1].strip()):
        text = text[:width - 2].rstrip() + "…"
    return text[:width].ljust(width)


BLANK_CELL: Cell = ("", Style())


class GridSource(Protocol):
    """What the grid draws; text longer than the column is cut, shorter is padded."""

    def cell(self, row: int, column: int) -> Cell: ...

    def header(self, line: int, column: int) -> Cell: ...

    def footer(self, line: int, column: int) -> Cell: ...


class _Empty:
    """A grid source with nothing to show, until the data has loaded."""

    def cell(self, row: int, column: int) -> Cell:
        return "", PLAIN

    header = footer = cell


EMPTY = _Empty()
