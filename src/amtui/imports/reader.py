"""Reading an import file: its encoding, the header, and each row's cells.

Files come from spreadsheets and school MIS exports: UTF-8 with or without a BOM,
or Windows-1252 from older systems; header names in any case and spacing, columns
in any order, extra columns and blank lines ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from amtui.domain.text import limit, problem, refused_only_line_ends
from amtui.imports.base import KindSpec, Problems

T = TypeVar("T")


@cache  # called for every cell of every row
def column_key(name: str) -> str:
    """Header names match ignoring case, spaces, underscores and hyphens."""
    return re.sub(r"[\s_\-]+", "", name.lower())


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252 as old MIS exports write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # may raise: then it is not a text file we know


@dataclass(frozen=True)
class Row:
    """One data row: ``line`` is where it starts in the file (the header is line 1)."""

    line: int
    values: dict[str, str]  # column_key -> stripped cell text

    def has(self, column: str) -> bool:
        """Whether the file has this column at all (optional columns may be absent)."""
        return column_key(column) in self.values

    def get(self, column: str) -> str:
        return self.values.get(column_key(column), "")


def read_rows(path: Path, spec: KindSpec, problems: Problems) -> list[Row]:
    """The file's data rows; a missing file or column, or a NUL byte, stops the import at
    once. A row with a cell that may not be stored (a control character, too long) is a
    problem and is left out, so the import fails after every row has been checked."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise problems.fail(f"cannot read the file: {error.strerror or error}") from None
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise problems.fail("the file is not text (neither UTF-8 nor Windows-1252); "
                            "save it from the spreadsheet as CSV") from None
    _refuse_nul(text, problems)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((cells for cells in reader if any(c.strip() for c in cells)), None)
        if header is None:
            raise problems.fail(f"the file is empty; it needs a header row: "
                                f"{', '.join(spec.required + spec.optional)}")
        keys = _header_keys(header, spec, problems, reader.line_num)
        fields = {column_key(name): (name, spec.field_of(name), limit(spec.field_of(name)))
                  for name in spec.required + spec.optional}
        # A quick pass for the usual file (two million cells in a big one): nothing refused
        # but line ends, and a row on one line whose longest cell fits every column's limit.
        clean = refused_only_line_ends(text)
        shortest = min(fields[key][2] for key in keys.values())
        rows = []
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                values = {key: (cells[i].strip() if i < len(cells) else "")
                          for i, key in keys.items()}
                quick = clean and reader.line_num == start and max(map(len, values.values())) <= shortest
                if quick or _cells_ok(start, values, fields, problems):
                    rows.append(Row(start, values))
            start = reader.line_num + 1
    except csv.Error as error:
        raise problems.fail(f"the file is not valid CSV: {error}", reader.line_num) from None
    if not rows:
        problems.raise_if_any()  # every row was refused: say why, not "no rows"
        raise problems.fail("the file has a header but no rows")
    return rows


def _refuse_nul(text: str, problems: Problems) -> None:
    """A NUL byte means a binary or damaged file (and stops Python's CSV reader): refuse
    the file, naming the lines that hold one."""
    if "\0" not in text:
        return
    # Lines counted as the CSV reader counts them (any of \n, \r\n, \r ends one).
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if "\0" in line:
            problems.add(number, "the line holds a NUL byte (a damaged file, or not a CSV "
                                 "saved as text)")
    problems.raise_if_any()


def _cells_ok(line: int, values: dict[str, str], fields: dict[str, tuple[str, str, int]],
              problems: Problems) -> bool:
    """Whether every cell may be stored (amtui.domain.text); each one that may not is a
    problem, and the row goes no further, so no later message quotes it raw."""
    ok = True
    for key, value in values.items():
        name, kind, _ = fields[key]
        reason = problem(kind, value, label=f"{name} cell")
        if reason is not None:
            problems.add(line, reason)
            ok = False
    return ok


def _header_keys(header: list[str], spec: KindSpec, problems: Problems,
                 line: int) -> dict[int, str]:
    """Column index -> key for the columns this kind uses; missing ones stop the import."""
    wanted = {column_key(name) for name in spec.required + spec.optional}
    keys: dict[int, str] = {}
    for index, name in enumerate(header):
        key = column_key(name)
        if key in wanted:
            if key in keys.values():
                problems.add(line, f"column '{name.strip()}' appears twice")  # shown escaped
            keys[index] = key
    for name in spec.required:
        if column_key(name) not in keys.values():
            problems.add(line, f"missing column '{name}' (the header needs: "
                               f"{', '.join(spec.required)})")
    problems.raise_if_any()
    return keys


REQUIRED = object()
"""``Cells.get``'s default for ``blank``: the cell must not be empty."""


class Cells:
    """Reads one row's cells, noting every problem against the row's line."""

    def __init__(self, row: Row, problems: Problems):
        self.row = row
        self.problems = problems
        self.ok = True

    @property
    def line(self) -> int:
        return self.row.line

    def problem(self, reason: str) -> None:
        self.ok = False
        self.problems.add(self.row.line, reason)

    def get(self, column: str, parse: Callable[[str], T] = str,  # type: ignore[assignment]
            blank: Any = REQUIRED) -> T | Any:
        """The parsed cell (None after a problem); an empty cell gives ``blank``, and
        is a problem when no ``blank`` is given."""
        raw = self.row.get(column)
        if raw == "":
            if blank is REQUIRED:
                self.problem(f"{column} is empty")
                return None
            return blank
        try:
            return parse(raw)
        except ValueError as error:
            reason = str(error)
            self.problem(reason if reason.lower().startswith(column) else f"{column}: {reason}")
            return None


# --- values shared by several kinds ------------------------------------------------------

_UPN_RE = re.compile(r"^[A-Z]\d{12}$")


def parse_upn(text: str) -> str:
    """An English UPN: a letter then 12 digits; stored in upper case."""
    upn = text.strip().upper()
    if not _UPN_RE.match(upn):
        raise ValueError(f"'{text}' is not a UPN (a letter then 12 digits, "
                         "e.g. A123456789012)")
    return upn


_YES = {"yes", "y", "1", "true"}
_NO = {"no", "n", "0", "false"}


def parse_yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"'{text}' is not yes or no (use yes/no, y/n, 1/0 or true/false)")


def int_between(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise ValueError(f"{value} is outside {low} to {high}")
        return value

    return parse
