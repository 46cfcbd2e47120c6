"""The dot-line-cross code recorded against a criterion, and which record counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from amtui.domain.errors import InputRefused


class Code(str, Enum):
    """A criterion record: ``.`` partly, ``/`` mostly, ``X`` fully achieved."""

    BLANK = ""
    DOT = "."
    LINE = "/"
    CROSS = "X"
    ABSENT = "A"

    @property
    def symbol(self) -> str:
        """One character for grids (BLANK is a space, ABSENT a lower-case a)."""
        return _SYMBOLS[self]

    @property
    def meaning(self) -> str:
        """What the code says about the pupil, in the seed's words."""
        return _MEANINGS[self]


_SYMBOLS = {Code.BLANK: " ", Code.DOT: ".", Code.LINE: "/", Code.CROSS: "X",
            Code.ABSENT: "a"}
_MEANINGS = {
    Code.BLANK: "not yet assessed",
    Code.DOT: "partly achieved",
    Code.LINE: "mostly achieved",
    Code.CROSS: "fully achieved",
    Code.ABSENT: "absent / not assessed",
}


def parse_code(text: str) -> Code:
    """Read a typed code: ``.`` ``/`` ``x``/``X``, empty (BLANK) or ``a`` (ABSENT)."""
    cleaned = str(text).strip()
    if cleaned == "":
        return Code.BLANK
    upper = cleaned.upper()
    for code in Code:
        if code.value == upper:
            return code
    raise InputRefused(f"code {cleaned!r} is not one of . / X (or empty)")


@dataclass(frozen=True)
class MarkEntry:
    """One recorded code. ``half_term`` is an ordinal comparable across years
    (``HalfTermNumber.ordinal``); ``seq`` orders entries of the same
    half-term, higher is newer."""

    half_term: int
    code: Code
    seq: int


def effective(entries: Iterable[MarkEntry], at: int) -> MarkEntry | None:
    """The entry in force at half-term ordinal ``at``: the newest at or before it.

    ABSENT entries are skipped (absence is not evidence, so it never hides an
    earlier code). A BLANK entry does count: a teacher cleared the code. The
    newest wins even when it is lower, since a pupil can forget.
    """
    best: MarkEntry | None = None
    for entry in entries:
        if entry.half_term > at or entry.code is Code.ABSENT:
            continue
        if best is None or (entry.half_term, entry.seq) > (best.half_term, best.seq):
            best = entry
    return best


def effective_code(entries: Iterable[MarkEntry], at: int) -> Code:
    """The effective code at ``at`` (BLANK when nothing has been recorded)."""
    entry = effective(entries, at)
    return Code.BLANK if entry is None else entry.code
