"""What the screens that look at one half-term at a time share (monitoring, the progress
meeting): ``[`` and ``]`` step through the year's half-terms."""

from __future__ import annotations

from amtui.domain.half_term import HalfTermNumber


class HalfTermKeys:
    """Mixin: ``[`` and ``]`` step through this year's half-terms."""

    half_term_number: int | None

    def action_half_term(self, delta: int) -> None:
        if self.half_term_number is None:
            return  # not loaded yet: the current half-term's number comes with the figures
        self.half_term_number = HalfTermNumber(self.half_term_number).clamped(delta)
        self.action_refresh()  # type: ignore[attr-defined]
