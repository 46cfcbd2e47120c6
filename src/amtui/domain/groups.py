"""Groups of pupils, for leaders: how each group stands in a subject at a half-term, and
the gap between the group and the other pupils ("diminishing the difference").

Pure sums over one row per pupil (:class:`PupilFacts`). Each pupil's status is the one
the monitoring screen shows (``targets.status`` of the tracking rows), never worked out
again here. A pupil with no baseline has no progress to count: they are in no group and
are said to be missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import median_low

from amtui.domain.characteristics import GENDER_LABELS, SEN_LABELS
from amtui.domain.monitoring import StatusShares, shares
from amtui.domain.permissions import MATRIX, Action
from amtui.domain.roles import Role
from amtui.domain.scale import SubStage
from amtui.domain.targets import Status
from amtui.domain.year_group import year_label

TOO_SMALL = 5
"""Groups with fewer pupils than this are marked too small to read: one pupil moves the
percentage by 20 points or more, and a named-looking figure could identify a child."""

PRIOR_STEPS = 2
"""Prior attainment: a baseline this many steps (half a stage) or more below the year
group's typical baseline is low, as many above is high; see :func:`prior_band`."""

SPLITS = {"gender": "Gender", "sen": "SEN", "pp": "Pupil premium", "eal": "EAL",
          "prior": "Prior attainment", "year": "Year group", "class": "Class or teaching group",
          "mentor": "Mentor"}
"""The ways to split the pupils, by key, with their titles."""


@dataclass(frozen=True)
class PupilFacts:
    """One pupil in one subject at one half-term, as the analysis needs them."""

    pupil_id: int
    gender: str
    sen: str
    pupil_premium: bool
    eal: bool
    year_group: int
    class_name: str
    baseline: SubStage | None
    current: SubStage | None
    status: Status | None
    mentor: str = ""
    group: str = ""  # a secondary school's teaching group in the subject ("" when none)

    @property
    def steps(self) -> int | None:
        """Steps made since the baseline (None without a baseline or a placement)."""
        if self.baseline is None or self.current is None:
            return None
        return self.current.step - self.baseline.step


@dataclass(frozen=True)
class GroupFigures:
    """How a group stands: its pupils (with a baseline), their statuses and mean steps.

    ``shares`` counts the pupils with a status; a pupil with a baseline but no target or
    no placement yet is in ``pupils`` but not in the shares.
    """

    name: str
    pupil_ids: tuple[int, ...]
    shares: StatusShares
    mean_steps: float | None

    @property
    def pupils(self) -> int:
        return len(self.pupil_ids)

    @property
    def too_small(self) -> bool:
        return self.pupils < TOO_SMALL

    @property
    def on_or_above_pct(self) -> int | None:
        """Whole per cent of the pupils with a status who are Above or On target."""
        total = self.shares.total
        return round(100 * self.shares.on_or_above / total) if total else None


@dataclass(frozen=True)
class GroupRow:
    """A group, the other pupils, and the gap between them (group minus others)."""

    group: GroupFigures
    others: GroupFigures

    @property
    def gap_pct(self) -> int | None:
        """Points of "on target or above" the group is ahead (+) or behind (-) the others."""
        a, b = self.group.on_or_above_pct, self.others.on_or_above_pct
        return None if a is None or b is None else a - b

    @property
    def gap_steps(self) -> float | None:
        """Mean steps the group is ahead (+) or behind (-) the others."""
        a, b = self.group.mean_steps, self.others.mean_steps
        return None if a is None or b is None else round(a - b, 1)

    @property
    def readable(self) -> bool:
        """Both sides have enough pupils for the gap to mean something."""
        return not self.group.too_small and not self.others.too_small


@dataclass(frozen=True)
class Split:
    """Every group of one split, the whole set, and the pupils counted nowhere."""

    by: str
    rows: tuple[GroupRow, ...]
    everyone: GroupFigures
    missing: tuple[int, ...]  # pupils with no baseline in the subject

    @property
    def title(self) -> str:
        return SPLITS[self.by]


def figures(name: str, facts: Iterable[PupilFacts]) -> GroupFigures:
    """The figures of a set of pupils (those without a baseline are left out)."""
    counted = [f for f in facts if f.baseline is not None]
    steps = [f.steps for f in counted if f.steps is not None]
    mean = round(sum(steps) / len(steps), 1) + 0.0 if steps else None  # + 0.0: never -0.0
    return GroupFigures(name, tuple(f.pupil_id for f in counted), shares(f.status for f in counted), mean)


def prior_band(baseline: SubStage, typical: SubStage) -> str:
    """"low", "middle" or "high" prior attainment.

    Relative to ``typical``, the year group's median baseline in the subject (the lower
    middle one of an even count), not to a fixed national standard: the scale runs from
    Nursery to Year 11 and schools place their stages differently, so the cohort is the
    fair measure. Half a stage (``PRIOR_STEPS`` = 2 steps, about two thirds of a year's
    expected progress of 3 steps) below it is low, half a stage above it high.
    """
    gap = baseline.step - typical.step
    if gap <= -PRIOR_STEPS:
        return "low"
    if gap >= PRIOR_STEPS:
        return "high"
    return "middle"


def typical_baselines(facts: Iterable[PupilFacts]) -> dict[int, SubStage]:
    """Year group -> its median baseline (the lower middle one)."""
    by_year: dict[int, list[SubStage]] = {}
    for f in facts:
        if f.baseline is not None:
            by_year.setdefault(f.year_group, []).append(f.baseline)
    return {year: median_low(found) for year, found in by_year.items()}


_YES_NO = (True, False)


def _keyed(by: str, facts: Sequence[PupilFacts]) -> tuple[Callable[[PupilFacts], object], list, Callable[[object], str]]:
    """(the group key of a pupil, every key in order, a key's name) for a split."""
    if by == "gender":
        order = ["F", "M", "X", "U", ""]
        names = {"F": "Girls", "M": "Boys"}
        return (lambda f: f.gender if f.gender in order else ""), order, (lambda k: names.get(k, GENDER_LABELS[k]))
    if by == "sen":
        return (lambda f: f.sen), ["K", "E", "N"], (lambda k: SEN_LABELS[k])
    if by == "pp":
        return (lambda f: f.pupil_premium), list(_YES_NO), (lambda k: "Pupil premium" if k else "Not pupil premium")
    if by == "eal":
        return (lambda f: f.eal), list(_YES_NO), (lambda k: "EAL" if k else "Not EAL")
    if by == "prior":
        typical = typical_baselines(facts)
        return ((lambda f: prior_band(f.baseline, typical[f.year_group])), ["low", "middle", "high"],
                (lambda k: f"{str(k).title()} prior attainment"))
    if by == "year":
        return (lambda f: f.year_group), sorted({f.year_group for f in facts}), (lambda k: year_label(int(k)))
    if by == "class":  # the teaching group where the pupil has one in the subject
        names = sorted({f.group or f.class_name for f in facts}, key=str.lower)
        return ((lambda f: f.group or f.class_name), names,
                (lambda k: str(k) or "No class"))
    if by == "mentor":
        return ((lambda f: f.mentor), sorted({f.mentor for f in facts}, key=str.lower),
                (lambda k: str(k) or "No mentor"))
    raise ValueError(f"There is no split by '{by}'; use {', '.join(SPLITS)}.")


def _others(everyone: GroupFigures, group: GroupFigures, steps: dict[int, int]) -> GroupFigures:
    """Everyone but the group, by subtraction (a split of 50 classes stays one pass)."""
    counts = tuple(a - b for a, b in zip(everyone.shares.counts, group.shares.counts))
    inside = set(group.pupil_ids)
    rest = [n for pid, n in steps.items() if pid not in inside]
    mean = round(sum(rest) / len(rest), 1) + 0.0 if rest else None
    return GroupFigures("Others", tuple(p for p in everyone.pupil_ids if p not in inside),
                        StatusShares(counts), mean)  # type: ignore[arg-type]


def split(by: str, facts: Sequence[PupilFacts]) -> Split:
    """The pupils split ``by`` one of :data:`SPLITS`: each group beside the others.

    Groups of a fixed split (gender, SEN, pupil premium, EAL, prior attainment) are all
    listed, empty ones too; year, class and mentor list the ones that have pupils.
    """
    counted = [f for f in facts if f.baseline is not None]
    key, order, name = _keyed(by, counted)
    buckets: dict[object, list[PupilFacts]] = {value: [] for value in order}
    for f in counted:
        buckets.setdefault(key(f), []).append(f)
    everyone = figures("All pupils", counted)
    steps = {f.pupil_id: f.steps for f in counted if f.steps is not None}
    rows = []
    for value in order:
        inside = buckets[value]
        if not inside and by == "gender" and value in ("X", "U", ""):
            continue  # an empty "other" or "not given" says nothing
        group = figures(name(value), inside)
        rows.append(GroupRow(group, _others(everyone, group, steps)))
    missing = tuple(f.pupil_id for f in facts if f.baseline is None)
    return Split(by, tuple(rows), everyone, missing)


def spread(facts: Iterable[PupilFacts]) -> list[tuple[SubStage, int]]:
    """How many pupils (with a baseline) stand at each sub-stage now, lowest first."""
    counts: dict[SubStage, int] = {}
    for f in facts:
        if f.baseline is not None and f.current is not None:
            counts[f.current] = counts.get(f.current, 0) + 1
    return sorted(counts.items())


def signed(value: float | int | None, unit: str = "") -> str:
    """A gap for people: "+4", "-0.5", "0"; "-" when there is none."""
    if value is None:
        return "-"
    text = f"{value:+g}" if value else "0"
    return text + unit


@dataclass(frozen=True)
class Remit:
    """What a leader may analyse: everything, or whole subjects (a head of department's)
    and whole year groups (a head of year's)."""

    everything: bool
    subjects: frozenset[int] = frozenset()
    years: frozenset[int] = frozenset()

    def years_in(self, subject_id: int) -> frozenset[int] | None:
        """The year groups they may see in a subject: None for every one."""
        if self.everything or subject_id in self.subjects:
            return None
        return self.years

    def covers(self, subject_id: int) -> bool:
        """Whether they may see anything of the subject."""
        years = self.years_in(subject_id)
        return years is None or bool(years)


def remit(roles: frozenset[Role], hod_subjects: frozenset[int], hoy_years: frozenset[int],
          class_years: frozenset[int], all_subjects: frozenset[int]) -> Remit:
    """SLT, admin and any other role that sees the monitoring figures (``Action.MONITOR``)
    see everything; a head of department the subjects they head, every year group; a head
    of year the year groups they head, every subject. Where the school has not recorded
    what they head, a head of department sees every subject and a head of year the year
    groups of the classes linked to them."""
    if roles & (MATRIX[Action.MONITOR].roles - {Role.HOD, Role.HOY}):
        return Remit(True)
    subjects = (hod_subjects or all_subjects) if Role.HOD in roles else frozenset()
    years = (hoy_years or class_years) if Role.HOY in roles else frozenset()
    return Remit(False, frozenset(subjects), frozenset(years))
