"""Columns of text people typed or imported, read back safe to draw on a terminal.

Text stored before amtui refused control characters (amtui.domain.text) may hold
``ESC ] 0 ; ... BEL`` or ``ESC [ 2 J``; drawn as it is, it would retitle the window or
clear the screen of whoever opens the class grid. Reading it through these fields
draws each such character visibly (``^[``) for every screen, report and export at once;
what is stored is left as it was (the audit trail and erasure see the real bytes).
"""

from __future__ import annotations

from peewee import CharField, TextField

from amtui.domain.text import printable


class _Shown:
    """Mixin: the value read from the database, with refused characters drawn visibly."""

    lines = False  # whether line breaks and tabs are the text's own (a multi-line note)

    def python_value(self, value):  # noqa: D102
        value = super().python_value(value)  # type: ignore[misc]
        return value if value is None else printable(value, most=None, lines=self.lines)


class ShownLine(_Shown, CharField):
    """A short single-line text: a name, a ref, a title."""


class ShownText(_Shown, TextField):
    """A longer single-line text: a criterion, a target, a reason, a note."""


class ShownNotes(ShownText):
    """A multi-line note (a meeting's barriers, summary, outcome): keeps its line breaks."""

    lines = True
