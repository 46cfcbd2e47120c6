"""A half-term as one value: its number 1-6, its label "HT3", its name "Spring 1", its term,
and an ordinal that orders half-terms across academic years.

Every part of amtui that means "which half-term" uses :class:`HalfTermNumber`; the dates
and the lock of a school's half-term are kept with it (``calendar.HalfTermDates``, the
database's ``HalfTermInfo``). It is an ``IntEnum``, so it is stored, compared and used as
a dictionary key as the plain number it is.
"""

from __future__ import annotations

import re
from enum import IntEnum

from amtui.domain.errors import InputRefused

HALF_TERMS_PER_YEAR = 6
"""Six half-terms a year: HT1 Autumn 1 ... HT6 Summer 2."""

_NAMES = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")
_TEXT = re.compile(r"^(?:ht|half-?term)?\s*(\d+)$", re.IGNORECASE)


class HalfTermNumber(IntEnum):
    """Which half-term of an academic year (1-6); ``HalfTermNumber(7)`` is a ValueError."""

    HT1 = 1
    HT2 = 2
    HT3 = 3
    HT4 = 4
    HT5 = 5
    HT6 = 6

    @classmethod
    def parse(cls, text: str | int) -> HalfTermNumber:
        """Read "3", "HT3", "ht 3" or "half-term 3"; anything else is refused with the reason."""
        match = _TEXT.match(" ".join(str(text).split()))
        if match and 1 <= int(match.group(1)) <= HALF_TERMS_PER_YEAR:
            return cls(int(match.group(1)))
        raise InputRefused(f"'{str(text).strip()}' is not a half-term (1 to 6, or HT1 to HT6)")

    @property
    def label(self) -> str:
        """"HT1" ... "HT6"."""
        return self.name

    @property
    def title(self) -> str:
        """"Autumn 1" ... "Summer 2"."""
        return _NAMES[self - 1]

    @property
    def term(self) -> str:
        """"Autumn", "Spring" or "Summer"."""
        return self.title.split()[0]

    def ordinal(self, year: int) -> int:
        """A key that orders half-terms across years: ``year * 6 + number - 1``."""
        return year * HALF_TERMS_PER_YEAR + self - 1

    @classmethod
    def of_ordinal(cls, ordinal: int) -> tuple[int, HalfTermNumber]:
        """(academic year, half-term) for an ordinal."""
        year, index = divmod(ordinal, HALF_TERMS_PER_YEAR)
        return year, cls(index + 1)

    def moved(self, steps: int) -> HalfTermNumber | None:
        """The half-term ``steps`` on in the same year (back when negative); None past
        either end of the year."""
        wanted = self + steps
        return HalfTermNumber(wanted) if 1 <= wanted <= HALF_TERMS_PER_YEAR else None

    def cycled(self, steps: int) -> HalfTermNumber:
        """The half-term ``steps`` on, going round from HT6 to HT1 (and back)."""
        return HalfTermNumber((self - 1 + steps) % HALF_TERMS_PER_YEAR + 1)

    def clamped(self, steps: int) -> HalfTermNumber:
        """The half-term ``steps`` on, stopping at HT1 and HT6."""
        return HalfTermNumber(max(1, min(HALF_TERMS_PER_YEAR, self + steps)))
