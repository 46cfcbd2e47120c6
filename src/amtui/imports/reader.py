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

from amtui.domain import characteristics, upn
from amtui.domain.text import limit, printable, problem, refused_only_line_ends
from amtui.imports.base import KindSpec, Problems
from amtui.imports.headers import IGNORE, looks_important

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


@dataclass(frozen=True)
class Sheet:
    """A file's data rows, and the header names it had that no column of the kind takes."""

    rows: list[Row]
    unused: list[str]

    def note(self) -> str:
        """For the summary: unused headers that look like pupils' details are named (the
        school may want them read: ``--map``); the others are only counted."""
        named = [name for name in self.unused if looks_important(column_key(name))]
        others = len(self.unused) - len(named)
        parts = []
        if named:
            parts.append("Columns not read: " + ", ".join(f"'{printable(name, most=60)}'" for name in named)
                         + " (if they hold what amtui should read, name them with --map FILE)")
        if others:
            parts.append(f"{others} other column{'s' if others != 1 else ''} ignored")
        return "; ".join(parts) + "." if parts else ""


def read_text(path: Path, problems: Problems) -> str:
    """The file as text (UTF-8, else Windows-1252); unreadable or binary stops the import."""
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
    return text


def read_rows(path: Path, spec: KindSpec, problems: Problems,
              mapping: dict[str, str] | None = None) -> Sheet:
    """The file's data rows; a missing file or column, or a NUL byte, stops the import at
    once. A row with a cell that may not be stored (a control character, too long) is a
    problem and is left out, so the import fails after every row has been checked.
    ``mapping`` (from ``--map``) takes a header's ``column_key`` to one of the kind's
    columns, or to ``ignore``."""
    text = read_text(path, problems)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((cells for cells in reader if any(c.strip() for c in cells)), None)
        if header is None:
            raise problems.fail(f"the file is empty; it needs a header row: "
                                f"{', '.join(spec.required + spec.optional)}")
        keys, unused = _header_keys(header, spec, problems, reader.line_num, mapping or {})
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
    return Sheet(rows, unused)


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


def _header_keys(header: list[str], spec: KindSpec, problems: Problems, line: int,
                 mapping: dict[str, str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> key for the columns this kind uses, and the headers it does not use;
    a missing column, or two giving the same one, stops the import."""
    names = spec.required + spec.optional
    columns = {column_key(other): name for name in names for other in spec.other_names(name)}
    columns.update((column_key(name), name) for name in names)  # our own names win
    keys: dict[int, str] = {}
    given: dict[str, str] = {}  # key -> the header that gave it
    unused: list[str] = []
    for index, name in enumerate(header):
        shown = name.strip()
        column = mapping.get(column_key(name)) or columns.get(column_key(name))
        if column == IGNORE:
            continue
        if column is None:
            if shown:
                unused.append(shown)
            continue
        key = column_key(column)
        if key in given:  # names shown escaped, in the message
            problems.add(line, f"column '{shown}' appears twice" if column_key(given[key]) == column_key(name)
                         else f"columns '{given[key]}' and '{shown}' both give the {column}: "
                              f"keep one, or map the other to '{IGNORE}' with --map FILE")
        given[key] = shown
        keys[index] = key
    for name in spec.required:
        if column_key(name) not in keys.values():
            others = spec.other_names(name)
            also = f"; also read from: {', '.join(others)}" if others else ""
            problems.add(line, f"missing column '{name}' (the header needs: "
                               f"{', '.join(spec.required)}{also}; or name yours with --map FILE)")
    problems.raise_if_any()
    return keys, unused


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
# A UPN (amtui.domain.upn) and yes/no (amtui.domain.characteristics) are read by the domain's
# parsers, re-exported here for the kinds.
parse_upn = upn.parse_upn
parse_yes_no = characteristics.parse_yes_no


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


def read_map(path: Path, spec: KindSpec) -> dict[str, str]:
    """A ``--map`` file: each row is a header of the school's file, then the column of this
    kind it holds (or ``ignore``); a first row naming neither is taken as a header. Any
    problem stops the import before its file is read."""
    problems = Problems(path, spec.name)
    columns = {column_key(name): name for name in spec.required + spec.optional}
    columns[IGNORE] = IGNORE
    mapping: dict[str, str] = {}
    reader = csv.reader(io.StringIO(read_text(path, problems), newline=""))
    first = True
    try:
        for cells in reader:
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            first, header = False, first
            if len(cells) != 2 or not all(cells):
                problems.add(reader.line_num, "a row of a map file is two cells: the header in "
                                              f"your file, then the {spec.name} column it holds")
            elif column_key(cells[1]) in columns:
                mapping[column_key(cells[0])] = columns[column_key(cells[1])]
            elif not header:
                problems.add(reader.line_num, f"'{cells[1]}' is not a column of {spec.name} "
                             f"(they are: {', '.join(spec.required + spec.optional)}, or {IGNORE})")
    except csv.Error as error:
        raise problems.fail(f"the file is not valid CSV: {error}", reader.line_num) from None
    problems.raise_if_any()
    return mapping
