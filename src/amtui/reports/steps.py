"""A subject's year as a series of steps: baseline, the expected line to the target, and where
the pupil actually stood each half-term. Drawn in the terminal (``ui.widgets.steps_chart``)
and as SVG in the printed profile (``reports.html``)."""

from __future__ import annotations

from dataclasses import dataclass

from amtui.db.repo.attainment import SubjectAttainment
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.scale import Scale, SubStage, default_scale
from amtui.domain.targets import Status



@dataclass(frozen=True)
class StepsSeries:
    """``expected[h - 1]`` and ``actual[h - 1]`` belong to HT h; actual stops at the
    half-term shown (later ones are None)."""

    subject: str
    baseline: SubStage | None
    target: SubStage | None
    expected: tuple[SubStage | None, ...]
    actual: tuple[SubStage | None, ...]
    statuses: tuple[Status | None, ...]
    scale: Scale

    def steps(self) -> list[int]:
        found = [s.step for s in (self.baseline, self.target, *self.expected, *self.actual) if s is not None]
        return found

    def bounds(self) -> tuple[int, int] | None:
        """Lowest and highest step to draw, or None when there is nothing at all."""
        steps = self.steps()
        return (min(steps), max(steps)) if steps else None

    def label(self, step: int) -> str:
        """The sub-stage at a step, short ("2D")."""
        return self.scale.at(step).short


def series_of(subject: SubjectAttainment, scale: Scale | None = None) -> StepsSeries:
    scale = scale or default_scale()
    expected = tuple(subject.expected_at(h, scale) for h in HalfTermNumber)
    shown = {s.number: s for s in subject.standings}
    actual = tuple(shown[h].substage if h in shown else None for h in HalfTermNumber)
    statuses = tuple(shown[h].status if h in shown else None for h in HalfTermNumber)
    return StepsSeries(subject.subject, subject.baseline, subject.target, expected, actual, statuses, scale)
