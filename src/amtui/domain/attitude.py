"""Attitude tracking: the aspects rated each half-term, and attendance colour."""

from __future__ import annotations

from amtui.domain.errors import InputRefused
from amtui.domain.ryg import RYG
from amtui.domain.settings import Settings

ASPECTS = ("attendance", "punctuality", "behaviour", "effort", "homework", "uniform")


def attendance_colour(percent: float, settings: Settings) -> RYG:
    """Green from settings.attendance_green_min (96%), yellow from the yellow
    minimum (90%), red below."""
    if not 0.0 <= percent <= 100.0:
        raise InputRefused(f"attendance {percent}% is outside 0 to 100")
    if percent >= settings.attendance_green_min:
        return RYG.GREEN
    if percent >= settings.attendance_yellow_min:
        return RYG.YELLOW
    return RYG.RED
