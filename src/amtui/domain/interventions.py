"""How well an intervention works: steps gained from its start to its end, and crosses
gained on the criteria it aimed at. Ineffective interventions are to be changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from amtui.domain.scale import SubStage

GOOD_STEPS = 2
"""Steps gained that show a pupil excelled through an intervention: they can go back to
working independently (two steps is four half-terms' expected progress)."""
EFFECTIVE_STEPS = 1
"""Ended assignments gaining this many steps on average make an intervention effective
(twice the expected rate of half a step a half-term); none at all, ineffective."""


@dataclass(frozen=True)
class Outcome:
    """One assignment's result so far (or at its end).

    ``steps`` is None when there is no start or current sub-stage to compare;
    ``crosses`` counts aimed-at criteria that became X since the start, of ``aims``.
    """

    steps: int | None
    crosses: int
    aims: int

    @property
    def excelled(self) -> bool:
        """Good gains: GOOD_STEPS or more, or every aimed-at criterion now crossed."""
        if self.steps is not None and self.steps >= GOOD_STEPS:
            return True
        all_crossed = self.aims > 0 and self.crosses >= self.aims
        return all_crossed and (self.steps is None or self.steps >= 0)

    @property
    def text(self) -> str:
        """"+2 steps, 3/3 aims crossed"; "not measured" without sub-stages."""
        if self.steps is None:
            steps = "no sub-stage to compare"
        else:
            steps = f"{self.steps:+d} step" + ("" if abs(self.steps) == 1 else "s")
        aims = f", {self.crosses}/{self.aims} aims crossed" if self.aims else ""
        return steps + aims


def steps_gained(start: SubStage | None, end: SubStage | None) -> int | None:
    """Steps from the sub-stage at the start to the one at the end (None: unknown)."""
    if start is None or end is None:
        return None
    return end.step - start.step


@dataclass(frozen=True)
class Effect:
    """One intervention across the school. ``mean_steps`` counts every assignment (so far,
    for those running); the verdict only those that have ended."""

    name: str
    assignments: int
    running: int
    measured: int  # assignments with steps to compare
    mean_steps: float | None
    mean_crosses: float | None  # per assignment with aims
    excelled: int
    ended_steps: float | None = None  # mean steps of the ended assignments

    @property
    def verdict(self) -> str:
        """Effective / some effect / ineffective / too early / not used."""
        if self.ended_steps is None:
            return "too early" if self.running else "not used"
        if self.ended_steps >= EFFECTIVE_STEPS:
            return "effective"
        return "some effect" if self.ended_steps > 0 else "ineffective"


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def effect(name: str, outcomes: Iterable[tuple[Outcome, bool]]) -> Effect:
    """Sum up an intervention from (outcome, still running) of each assignment."""
    rows = list(outcomes)
    steps = [o.steps for o, _ in rows if o.steps is not None]
    return Effect(
        name=name,
        assignments=len(rows),
        running=sum(1 for _, running in rows if running),
        measured=len(steps),
        mean_steps=_mean(steps),
        mean_crosses=_mean([o.crosses for o, _ in rows if o.aims]),
        excelled=sum(1 for o, _ in rows if o.excelled),
        ended_steps=_mean([o.steps for o, running in rows if o.steps is not None and not running]),
    )
