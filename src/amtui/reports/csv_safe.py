"""CSV for spreadsheets without formula injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some
treat a leading tab or carriage return the same way) as a formula, so a pupil's
name typed as ``=cmd|' /C calc'!A0`` could run a command on whoever opens the
export. Text cells starting so get a leading ``'``, which spreadsheets show as
plain text. Numbers are written as numbers.

An export often goes to a terminal (``amtui export tracking`` with no ``--out``, or over
``ssh``, where stdout is not a tty but the bytes still reach one), so control characters
in text stored before amtui refused them are drawn visibly (``^[``), never sent raw.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

from amtui.domain.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value to write: control characters drawn visibly, and text that a spreadsheet
    would run given a leading ``'``."""
    if not isinstance(value, str):
        return value
    value = printable(value, most=None)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the header and rows (every text cell made safe); returns the rows written."""
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    return count
