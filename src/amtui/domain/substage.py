"""From a count of crosses in a stage's bank to a sub-stage (low / mid / high)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from amtui.domain.scale import TOP_STAGE, Scale, SubStage

# The seed's 30-criterion bank: 1-8 Emerging, 9-16 Developing, 17-24 Securing.
_SEED_BANK = 30
_SEED_CUTOFFS = (8, 16, 24)


def _round_half_up(numerator: int, denominator: int) -> int:
    # Python's round() rounds halves to even; the rule wants halves up.
    return (2 * numerator + denominator) // (2 * denominator)


def cutoffs(bank_size: int,
            override: Sequence[int] | None = None) -> tuple[int, int, int]:
    """The last cross count of Emerging, Developing and Securing for a bank.

    Scaled from the seed's 8/16/24 of 30, rounding halves up; a bank's own
    ``override`` wins but must be non-decreasing, within 0..bank_size.
    """
    if bank_size < 1:
        raise ValueError(f"a criteria bank needs at least 1 criterion, not {bank_size}")
    if override is not None:
        c = tuple(int(x) for x in override)
        if len(c) != 3 or not 0 <= c[0] <= c[1] <= c[2] <= bank_size:
            raise ValueError(f"cut-offs {tuple(override)} must be three non-decreasing "
                             f"counts from 0 to {bank_size}")
        return c  # type: ignore[return-value]
    return tuple(_round_half_up(k * bank_size, _SEED_BANK)  # type: ignore[return-value]
                 for k in _SEED_CUTOFFS)


@dataclass(frozen=True)
class Placement:
    """Where a count of crosses puts a pupil.

    ``position`` is "low", "mid" or "high" within Emerging/Developing/Securing
    (None at Ready); ``crosses_to_next`` is how many more crosses reach the next
    band (None once the pupil is at the next stage's Ready).
    """

    substage: SubStage
    position: str | None
    crosses: int
    bank_size: int
    crosses_to_next: int | None


def _bands(bank_size: int, cuts: tuple[int, int, int]) -> list[tuple[int, int, int]]:
    """(offset from St N Ready, first count, last count) for each non-empty band."""
    c1, c2, c3 = cuts
    # A full bank always reaches the next stage, even when a tiny bank's (or an
    # override's) last cut-off equals its size: every criterion is fully achieved.
    next_ready = min(c3 + 1, bank_size)
    top = next_ready - 1
    spans = [(0, 0, 0), (1, 1, min(c1, top)), (2, c1 + 1, min(c2, top)),
             (3, c2 + 1, min(c3, top)), (4, next_ready, bank_size)]
    return [span for span in spans if span[1] <= span[2]]


def _position(offset: int, size: int) -> str:
    # Thirds of the band, without floats: i < s/3 is 3i < s.
    if 3 * offset < size:
        return "low"
    if 3 * offset < 2 * size:
        return "mid"
    return "high"


def place(crosses: int, bank_stage: int, bank_size: int, scale: Scale,
          override: Sequence[int] | None = None) -> Placement:
    """Place a pupil with ``crosses`` effective X in stage ``bank_stage``'s bank."""
    if not 0 <= bank_stage < TOP_STAGE:
        raise ValueError(f"criteria banks run from stage 0 to {TOP_STAGE - 1}, "
                         f"not {bank_stage}")
    if not 0 <= crosses <= bank_size:
        raise ValueError(f"{crosses} crosses do not fit a bank of {bank_size} criteria")
    bands = _bands(bank_size, cutoffs(bank_size, override))
    for index, (offset, first, last) in enumerate(bands):
        if first <= crosses <= last:
            break
    substage = scale.plus(scale.ready(bank_stage), offset)
    position = None if substage.band == "Ready" else _position(crosses - first,
                                                               last - first + 1)
    following = bands[index + 1][1] - crosses if index + 1 < len(bands) else None
    return Placement(substage, position, crosses, bank_size, following)


def move_due(placement: Placement, bank_stage: int) -> bool:
    """True when the pupil has reached St N+1 Ready and should move bank."""
    sub = placement.substage
    return sub.stage is not None and sub.stage > bank_stage and sub.band == "Ready"
