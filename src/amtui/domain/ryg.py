"""Red / Yellow / Green ratings and the marking key."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from amtui.domain.codes import Code
from amtui.domain.errors import InputRefused


class RYG(str, Enum):
    """A traffic-light rating; for evidence it is the same as dot / line / cross."""

    RED = "R"
    YELLOW = "Y"
    GREEN = "G"

    @property
    def colour(self) -> str:
        """Colour name for themes: "red", "yellow", "green"."""
        return self.name.lower()

    @property
    def label(self) -> str:
        """"Red", "Yellow" or "Green"."""
        return self.name.title()

    def to_code(self) -> Code:
        """The criterion code a Big Write rating records as evidence."""
        return _TO_CODE[self]


_TO_CODE = {RYG.RED: Code.DOT, RYG.YELLOW: Code.LINE, RYG.GREEN: Code.CROSS}


def parse_ryg(text: str) -> RYG:
    """Read r / y / g or red / yellow / green, any case."""
    cleaned = str(text).strip().lower()
    for rating in RYG:
        if cleaned in (rating.value.lower(), rating.colour):
            return rating
    raise InputRefused(f"{str(text).strip()!r} is not a rating; use R, Y or G")


class KeyRow(NamedTuple):
    """One line of the marking key."""

    rating: RYG
    grades: tuple[str, ...]
    descriptors: tuple[str, ...]


MARKING_KEY: tuple[KeyRow, ...] = (
    KeyRow(RYG.RED, ("very poor", "poor"),
           ("little effort", "many errors", "untidy", "not achieved",
            "stop and get help")),
    KeyRow(RYG.YELLOW, ("satisfactory", "good"),
           ("good effort but could be better", "some errors", "mostly neat",
            "partly achieved", "continue with care")),
    KeyRow(RYG.GREEN, ("very good", "excellent"),
           ("super effort", "no or very few errors", "beautifully presented",
            "fully achieved", "go!")),
)
