"""Text people type or import: what is refused before it is stored, and how any text is
made safe before it reaches a terminal.

Staff use amtui over SSH, so a stored value is written to a real terminal. A control
character there is an instruction, not a letter: ``ESC ] 0 ; ... BEL`` retitles the
window, ``ESC [ 2 J`` clears the screen, and the bidi overrides (U+202A-U+202E,
U+2066-U+2069) make text read differently from what it holds. So every free-text
value is checked against one rule and one table of lengths here, and text already
stored (or quoted back in an error) goes through ``printable`` before it is shown.

Single-line fields refuse tab and line breaks too: a tab in a name pushes the grid's
columns apart and cannot be seen. Multi-line notes (a meeting's summary) keep line
breaks and tabs, the only controls a person means to type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amtui.domain.errors import InputRefused

BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
"""Embeddings, overrides and isolates: they reorder what a reader sees."""

_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS TAB LF VT FF CR SO SI DLE DC1 DC2 DC3 "
             "DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US").split()

# Refused everywhere: DEL, the C1 controls, the bidi controls; then which C0 controls.
_DEL_C1_BIDI = "\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_REFUSED_IN_LINE = re.compile(f"[\x00-\x1f{_DEL_C1_BIDI}]")
_REFUSED_IN_NOTES = re.compile(f"[\x00-\x08\x0b-\x1f{_DEL_C1_BIDI}]")  # tab and LF kept
_REFUSED_BUT_LINE_ENDS = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f{_DEL_C1_BIDI}]")

LINE_PATTERN = f"[^\x00-\x1f{_DEL_C1_BIDI}]*"
"""A regular expression a whole single-line value matches when it holds nothing refused
(for an input field's ``restrict``)."""


def is_refused(char: str, lines: bool = False) -> bool:
    """Whether ``char`` may not be stored: C0 controls, DEL, C1 controls, bidi controls;
    tab and line feed only where ``lines`` (a multi-line field) allows them."""
    return (_REFUSED_IN_NOTES if lines else _REFUSED_IN_LINE).match(char) is not None


def refused_only_line_ends(text: str) -> bool:
    """Whether the only refused characters in ``text`` are CR and LF: a whole file checked
    at once, so that only its cells that hold a line break need checking one by one."""
    return _REFUSED_BUT_LINE_ENDS.search(text) is None


def char_name(char: str) -> str:
    """A refused character as people write it: ESC, NUL, DEL, U+009B, U+202E."""
    point = ord(char)
    if point < 0x20:
        return _C0_NAMES[point]
    return "DEL" if point == 0x7F else f"U+{point:04X}"


@dataclass(frozen=True)
class Field:
    """One kind of free text: what a message calls it, its longest, whether it has lines."""

    label: str
    most: int
    lines: bool = False


FIELDS: dict[str, Field] = {field.label: field for field in (
    Field("forename", 100),
    Field("surname", 100),
    Field("name", 100),           # a member of staff's name
    Field("login", 64),
    Field("upn", 13),
    Field("class", 50),
    Field("subject", 50),
    Field("ref", 20),
    Field("criterion", 300),
    Field("section", 50),
    Field("title", 200),          # a Big Write piece
    Field("event", 200),          # a reward, certificate or sanction
    Field("target", 300),
    Field("intervention", 100),   # an intervention's name
    Field("description", 4000),
    Field("reason", 4000),
    Field("comment", 4000),
    Field("feedback", 4000),
    Field("note", 4000),
    Field("meeting note", 4000, lines=True),  # barriers, summary, outcome
    Field("cell", 4000),          # any other cell of an import file
    Field("entry", 40),           # a date, a time or a sub-stage typed into a field
    Field("search", 100),         # what is typed to find a pupil or an audit entry
    Field("setting", 200),        # a school setting's value, e.g. the school's name
)}
"""Every kind of free text and its limit: the one table the imports, the saves and the
screens' fields all read."""


def limit(kind: str) -> int:
    """The most characters a ``kind`` of field holds."""
    return FIELDS[kind].most


def problem(kind: str, value: str, label: str | None = None) -> str | None:
    """Why ``value`` may not be stored as a ``kind`` of field, in plain words; None if it may.

    ``label`` names the field in the message when the kind's own name would not (an
    import's column)."""
    field = FIELDS[kind]
    label = label or field.label
    # A regular expression, not a loop over characters: an import checks millions of cells.
    found = (_REFUSED_IN_NOTES if field.lines else _REFUSED_IN_LINE).search(value)
    if found is not None:
        char = found.group()
        what = "direction control" if ord(char) in BIDI_CONTROLS else "control character"
        return f"the {label} holds a {what} ({char_name(char)}) at position {found.start() + 1}"
    if len(value) > field.most:
        return f"the {label} is {len(value):,} characters; the most is {field.most:,}"
    return None


class TextRefused(InputRefused):
    """A value that may not be stored; ``str()`` says why, for the person who typed it."""


def checked(kind: str, value: str, label: str | None = None) -> str:
    """``value`` unchanged when it may be stored as a ``kind`` of field, else TextRefused."""
    reason = problem(kind, value, label)
    if reason is not None:
        raise TextRefused(reason[0].upper() + reason[1:] + ".")
    return value


def _visible(char: str) -> str:
    """A refused character drawn so it can be seen: ``^[`` for ESC, ``<U+202E>``."""
    point = ord(char)
    if point < 0x20:
        return "^" + chr(point + 0x40)
    if point == 0x7F:
        return "^?"
    return f"<{char_name(char)}>"


def printable(text: str, most: int | None = 200, lines: bool = False) -> str:
    """``text`` made safe to show on a terminal: every refused character drawn as a visible
    escape (``^[``), and past ``most`` characters cut with ``…`` and how much was left off.

    For quoting input in an error message and for data stored before it was checked;
    ``lines`` keeps line breaks and tabs (a multi-line note). The result is at most
    ``most`` characters plus a short tail.
    """
    if text.isprintable() and (most is None or len(text) <= most):
        return text  # the usual case, at C speed
    out: list[str] = []
    size = 0
    for index, char in enumerate(text):
        shown = _visible(char) if is_refused(char, lines) else char
        if most is not None and size + len(shown) > most:
            return "".join(out) + f"… ({len(text) - index:,} more characters)"
        out.append(shown)
        size += len(shown)
    return "".join(out)
