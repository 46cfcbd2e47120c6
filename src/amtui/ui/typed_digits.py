"""What has been typed into one box of an entry grid and not saved yet.

The weekly sheet, the half-term test grid and the attitude sheet take a number a key at a
time. Until it is saved (the number can have no more digits, or Enter), the digits show
in their box with a cursor after them. One box at a time: moving elsewhere, or Esc, drops
what was typed, and the screen says it was not saved.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from amtui.domain.score_entry import Typed, type_digit

Where = TypeVar("Where", bound=Hashable)


class TypedDigits(Generic[Where]):
    """The text typed into one box (``where``: a row, or a (row, column) cell)."""

    def __init__(self) -> None:
        self.where: Where | None = None
        self.text = ""

    def __bool__(self) -> bool:
        return bool(self.text)

    def at(self, where: Where) -> str:
        """What is typed in this box ("" when nothing is)."""
        return self.text if self.text and where == self.where else ""

    def type(self, where: Where, digit: str, most: int) -> Typed:
        """Type ``digit`` into the box for a score from 0 to ``most`` (the rule is
        :func:`amtui.domain.score_entry.type_digit`). A complete or refused entry leaves the
        box empty: the screen saves the one and says why not for the other."""
        typed = type_digit(self.at(where), digit, most)
        if typed.error or typed.complete:
            self.forget(where)
        else:
            self.where, self.text = where, typed.digits
        return typed

    def add(self, where: Where, character: str, longest: int) -> None:
        """Add a character of a figure that is checked when saved (a percentage, "97.5"),
        up to ``longest`` characters."""
        text = self.at(where)
        if len(text) < longest:
            self.where, self.text = where, text + character

    def backspace(self, where: Where) -> bool:
        """Take back the last character typed here; False when there was none."""
        if not self.at(where):
            return False
        self.text = self.text[:-1]
        return True

    def take(self, where: Where) -> str:
        """What is typed here, emptying the box (to save it)."""
        text = self.at(where)
        self.forget(where)
        return text

    def forget(self, where: Where) -> None:
        """Empty this box (its value was just saved or replaced)."""
        if where == self.where:
            self.where, self.text = None, ""

    def drop(self, keep: Where | None = None) -> tuple[Where, str] | None:
        """Drop what is typed unless it is in ``keep`` (where the cursor is now); returns
        (box, text) of what was dropped, to repaint it and say it was not saved."""
        if not self.text or (keep is not None and keep == self.where):
            return None
        dropped = (self.where, self.text)
        self.where, self.text = None, ""
        return dropped  # type: ignore[return-value]
