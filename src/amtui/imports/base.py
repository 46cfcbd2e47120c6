"""What every import shares: the kinds and their columns, problems, the result.

Standard library and the pure text rules only, so ``amtui --help`` can list the kinds without loading the
database layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from amtui.domain.text import printable
from amtui.imports.headers import MIS_HEADERS

MAX_SHOWN = 20
"""Problems listed in full before "... and N more"."""


@dataclass(frozen=True)
class KindSpec:
    """One kind of import: its columns and what it brings in."""

    name: str
    what: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    mis_headers: bool = False
    """Whether the headers SIMS, Arbor and Bromcom write are read too (``headers``)."""
    file: str = ""
    """For a kind that is not a CSV file: what the file is, for --help."""

    def field_of(self, column: str) -> str:
        """The kind of free text (amtui.domain.text.FIELDS) a column holds, for its limit."""
        return COLUMN_FIELDS.get(column, "cell")

    def other_names(self, column: str) -> tuple[str, ...]:
        """The MIS headers read as ``column`` (none unless the kind reads MIS headers)."""
        return MIS_HEADERS.get(column, ()) if self.mis_headers else ()

    @property
    def description(self) -> str:
        """One line for --help: what it imports and its columns."""
        if self.file:
            return f"{self.what}: {self.file}"
        text = f"{self.what}: columns {', '.join(self.required)}"
        if self.optional:
            text += f" (optional: {', '.join(self.optional)})"
        return text


COLUMN_FIELDS: dict[str, str] = {
    "upn": "upn", "forename": "forename", "surname": "surname", "name": "name",
    "preferred_forename": "forename", "preferred_surname": "surname",
    "username": "login", "mentor": "login", "teacher": "login", "class": "class", "group": "class",
    "subject": "subject",
    "ref": "ref", "text": "criterion", "section": "section",
}
"""A column means the same in every kind; the others are held to the ``cell`` limit."""

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (
    KindSpec("criteria", "criteria banks", ("subject", "stage", "ref", "text")),
    KindSpec("pupils", "pupils and their classes (SIMS, Arbor and Bromcom headers read too)",
             ("upn", "forename", "surname", "dob", "year", "class"),
             ("mentor", "sen", "pp", "eal", "gender", "first_language", "looked_after",
              "preferred_forename", "preferred_surname"), mis_headers=True),
    KindSpec("ctf", "pupils from the DfE Common Transfer File", (),
             file="the CTF's XML, as the MIS exports it (new pupils and joiners)"),
    KindSpec("staff", "staff logins, roles and their classes", ("username", "name", "roles"),
             ("classes", "year", "heads")),
    KindSpec("baselines", "this year's baselines and long-term targets",
             ("upn", "subject", "baseline"), ("target", "fft")),
    KindSpec("marks", "dot/line/cross codes (appended)",
             ("upn", "subject", "ref", "half_term", "code"), ("year",)),
    KindSpec("weekly", "weekly basic skills test results",
             ("upn", "date", "level", "test", "score")),
    KindSpec("halfterm-tests", "half-termly test questions",
             ("subject", "stage", "half_term", "question", "marks", "section", "ref")),
    KindSpec("attendance", "attendance per half-term from the MIS",
             ("upn", "half_term", "percent")),
    KindSpec("groups", "pupils in teaching groups, and who teaches each group (groups and subjects are made)",
             ("group", "subject", "year", "teacher", "upn")),
    KindSpec("targets", "end-of-key-stage (ks3, ks4) and end-of-year targets, with FFT estimates",
             ("upn", "subject", "kind", "target"), ("fft",)),
    KindSpec("returns", "progress returns: A/O/B or a projected grade per pupil and subject",
             ("return", "date", "upn", "subject"), ("aob", "projected", "coursework")),
)}


class ImportFailed(Exception):
    """An import that wrote nothing; ``str()`` is the whole message for the user."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    kind: str
    path: Path
    rows: int
    created: int
    updated: int
    summary: str


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


@dataclass
class Problems:
    """The problems found in one file, reported together as ``FILE:LINE: reason``."""

    path: Path
    kind: str
    found: list[Problem] = field(default_factory=list)

    def add(self, line: int, reason: str) -> None:
        self.found.append(Problem(line, reason))

    def __bool__(self) -> bool:
        return bool(self.found)

    def message(self) -> str:
        # sorted() is stable: a line's problems keep the order they were found in.
        ordered = sorted(self.found, key=lambda p: p.line)
        # A reason may quote a cell: shown escaped and cut, never as raw control bytes.
        path = printable(str(self.path), most=1000)
        lines = [f"Cannot import {self.kind} from {path}:"]
        lines += [f"{path}:{p.line}: {printable(p.reason, most=500)}" for p in ordered[:MAX_SHOWN]]
        if len(ordered) > MAX_SHOWN:
            lines.append(f"... and {len(ordered) - MAX_SHOWN} more")
        lines.append("Nothing was imported.")
        return "\n".join(lines)

    def raise_if_any(self) -> None:
        """Stop the import (inside the transaction this rolls everything back)."""
        if self.found:
            raise ImportFailed(self.message())

    def fail(self, reason: str, line: int = 1) -> ImportFailed:
        """An ImportFailed for one problem that stops reading the file at once."""
        self.add(line, reason)
        return ImportFailed(self.message())
