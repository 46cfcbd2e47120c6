"""CSV for spreadsheets without formula injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some
treat a leading tab or carriage return the same way) as a formula, so a pupil's
name typed as ``=cmd|' /C calc'!A0`` could run a command on whoever opens the
export. Text cells starting so get a leading ``'``, which spreadsheets show as
plain text. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value to write: text that a spreadsheet would run gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write the header and rows (every text cell made safe); returns the rows written."""
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        count += 1
    return count
