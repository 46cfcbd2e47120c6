"""Weekly basic skills tests: levels, colours, the next test and promotion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from amtui.domain.errors import InputRefused
from amtui.domain.ryg import RYG
from amtui.domain.settings import Settings

_TOP = 7
LEVELS: tuple[str, ...] = tuple(
    name for n in range(1, _TOP + 1)
    for name in (f"Level {n}", f"Bridging {n}-{n + 1}")[: 1 if n == _TOP else 2]
)

_LEVEL_RE = re.compile(r"^(?:level|lvl|l)\s*(\d+)$")
_BRIDGING_RE = re.compile(r"^(?:bridging|bridge|b)\s*(\d+)\s*-\s*(\d+)$")


def parse_level(text: str) -> str:
    """Read "Level 2", "L2", "Bridging 2-3", "B2-3" (any case and spacing)."""
    cleaned = " ".join(str(text).lower().split())
    name = None
    if match := _LEVEL_RE.match(cleaned):
        name = f"Level {int(match.group(1))}"
    elif match := _BRIDGING_RE.match(cleaned):
        name = f"Bridging {int(match.group(1))}-{int(match.group(2))}"
    if name in LEVELS:
        return name
    raise InputRefused(f"{str(text).strip()!r} is not a weekly test level; use "
                     "'Level 1' to 'Level 7' or 'Bridging 1-2' to 'Bridging 6-7'")


def next_level(level: str) -> str | None:
    """The level after this one (None after Level 7)."""
    index = LEVELS.index(parse_level(level))
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def score_colour(score: int, settings: Settings) -> RYG:
    """Green "above 20" (from weekly_green_min), yellow from weekly_yellow_min."""
    if not 0 <= score <= settings.weekly_max:
        raise InputRefused(f"score {score} is outside 0 to {settings.weekly_max}")
    if score >= settings.weekly_green_min:
        return RYG.GREEN
    if score >= settings.weekly_yellow_min:
        return RYG.YELLOW
    return RYG.RED


def next_test(last_test: int | None, settings: Settings) -> int:
    """The test to sit next: 1 when none yet, back to 1 after the last."""
    if last_test is None or last_test >= settings.weekly_tests_per_level:
        return 1
    if last_test < 1:
        raise ValueError(f"test number {last_test} is below 1")
    return last_test + 1


@dataclass(frozen=True)
class WeeklyResult:
    """One weekly sitting; ``score`` None means the pupil was absent."""

    sat_on: date
    level: str
    test: int
    score: int | None


def _newest_first(results: Iterable[WeeklyResult]) -> list[WeeklyResult]:
    # Sort oldest first (stable, so same-day results keep the order given, the
    # later one being newer), then reverse.
    return sorted(results, key=lambda r: r.sat_on)[::-1]


def greens_in_row(results: Iterable[WeeklyResult], settings: Settings,
                  level: str | None = None) -> int:
    """Greens at the current level counted back from the newest sitting.

    ``level`` is the pupil's current level (default: the newest result's), so
    once a promotion is confirmed the old level's greens stop counting. An
    absence neither counts nor breaks the run; a result at another level ends
    it; a non-green ends it too unless settings.promotion_consecutive is off.
    """
    ordered = _newest_first(results)
    if not ordered:
        return 0
    # Compare canonical names so "L2" and "Level 2" are the same level.
    current = parse_level(level if level is not None else ordered[0].level)
    count = 0
    for result in ordered:
        if parse_level(result.level) != current:
            break
        if result.score is None:
            continue
        if score_colour(result.score, settings) is RYG.GREEN:
            count += 1
        elif settings.promotion_consecutive:
            break
    return count


def promotion_due(results: Iterable[WeeklyResult], settings: Settings,
                  level: str | None = None) -> bool:
    """Whether to propose the next level (a teacher confirms)."""
    ordered = _newest_first(results)
    if not ordered and level is None:
        return False
    current = level if level is not None else ordered[0].level
    if next_level(current) is None:
        return False
    return greens_in_row(ordered[::-1], settings, current) >= settings.promotion_greens


def level_changes(results: Iterable[WeeklyResult]) -> list[tuple[date, str]]:
    """(first day, level) each time the sittings, oldest first, move to another level: the
    levels a history implies, so a history imported across a promotion leaves the pupil at
    the level they were last tested at (and their next test follows from it)."""
    changes: list[tuple[date, str]] = []
    for result in sorted(results, key=lambda r: r.sat_on):
        level = parse_level(result.level)
        if not changes or changes[-1][1] != level:
            changes.append((result.sat_on, level))
    return changes


def level_on(levels: Iterable[tuple[date, str]], day: date) -> str | None:
    """The level in force on ``day``: the one started latest on or before it (None: none yet)."""
    started = [(start, level) for start, level in levels if start <= day]
    return max(started, key=lambda item: item[0])[1] if started else None
