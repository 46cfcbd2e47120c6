"""SLT's figures: are meetings happening, on time, short, productive? Who needs more
support, and where are the gaps in teaching? Pure sums over rows the database gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from amtui.domain.scale import SubStage
from amtui.domain.targets import Status

_ORDER = (Status.ABOVE, Status.ON_TARGET, Status.NEARLY, Status.NOT_ACHIEVING)


@dataclass(frozen=True)
class StatusShares:
    """How many assessed pupil/subjects are Above, On target, Nearly there, Not achieving."""

    counts: tuple[int, int, int, int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def count(self, status: Status) -> int:
        return self.counts[_ORDER.index(status)]

    def percent(self, status: Status) -> int | None:
        """Whole per cent of the assessed (None when nobody is assessed)."""
        return round(100 * self.count(status) / self.total) if self.total else None

    @property
    def on_or_above(self) -> int:
        return self.count(Status.ABOVE) + self.count(Status.ON_TARGET)


def shares(statuses: Iterable[Status | None]) -> StatusShares:
    """Count statuses; None (not assessed, or no target) is left out."""
    counts = [0, 0, 0, 0]
    for found in statuses:
        if found is not None:
            counts[_ORDER.index(found)] += 1
    return StatusShares(tuple(counts))  # type: ignore[arg-type]


@dataclass(frozen=True)
class MentorFigures:
    """One mentor's half-term: mentees, meetings done / due / overdue, length, results."""

    mentor_id: int
    mentor: str
    mentees: int
    done: int  # meetings finished in the half-term (extra ones too)
    due: int  # mentees due a meeting by the half-term's end, not yet met
    overdue: int  # mentees whose meeting is past due
    minutes: tuple[int, ...]  # lengths of the meetings done
    on_target: StatusShares  # the mentees' subjects

    @property
    def average_minutes(self) -> int | None:
        return round(sum(self.minutes) / len(self.minutes)) if self.minutes else None


LONG_MEETING_MINUTES = 30
"""Meetings longer than this on average are flagged: "not too time consuming"."""


def support_reasons(below: Sequence[str], red_aspects: Sequence[str], overdue: bool,
                    no_gain: Sequence[str]) -> list[str]:
    """Why a pupil needs more support ([] when they do not).

    ``below`` names subjects Not achieving; ``red_aspects`` attitude rated red this
    half-term; ``overdue`` a missed mentoring meeting; ``no_gain`` interventions that
    have not moved the pupil on.
    """
    reasons = []
    if below:
        reasons.append("below target in " + ", ".join(below))
    if red_aspects:
        reasons.append("red attitude: " + ", ".join(red_aspects))
    if overdue:
        reasons.append("missed mentoring meeting")
    if no_gain:
        reasons.append("no gain from " + ", ".join(no_gain))
    return reasons


def ability_groups(placements: Mapping[str, SubStage]) -> list[tuple[SubStage, list[str]]]:
    """Pupils grouped by sub-stage, highest first; names sorted within a group."""
    groups: dict[SubStage, list[str]] = {}
    for name, sub in placements.items():
        groups.setdefault(sub, []).append(name)
    return [(sub, sorted(names)) for sub, names in sorted(groups.items(), key=lambda g: -g[0].step)]
