"""Long-term targets, the expected position through the year, and progress status."""

from __future__ import annotations

from enum import Enum
from typing import Iterable

from amtui.domain.permissions import Action, refusal
from amtui.domain.errors import UserFacingError
from amtui.domain.half_term import HALF_TERMS_PER_YEAR
from amtui.domain.roles import Role
from amtui.domain.grades import SIXTH_FORM_YEARS, Grade, GradeScale, key_stage_kind
from amtui.domain.scale import Scale, SubStage, default_scale



def default_target(baseline: SubStage, fft: SubStage | None, scale: Scale,
                   steps: int) -> SubStage:
    """The higher of baseline + ``steps`` (settings.target_steps) and FFT Aspire."""
    aspiration = scale.plus(baseline, steps)
    if fft is None:
        return aspiration
    return max(aspiration, fft, key=lambda sub: sub.step)


def expected(baseline: SubStage, target: SubStage, half_term: int,
             scale: Scale) -> SubStage:
    """Where the pupil should be at half-term 1-6 on a straight line to the target.

    baseline + floor((target - baseline) * h / 6); ``//`` floors toward minus
    infinity, as the rule is written, also when the target is below the baseline.
    """
    if not 1 <= half_term <= HALF_TERMS_PER_YEAR:
        raise ValueError(f"half-term must be 1 to 6, not {half_term}")
    gap = target.step - baseline.step
    return scale.plus(baseline, gap * half_term // HALF_TERMS_PER_YEAR)


class Status(Enum):
    """Progress against the expected position."""

    ABOVE = "above"
    ON_TARGET = "on_target"
    NEARLY = "nearly"
    NOT_ACHIEVING = "not_achieving"

    @property
    def label(self) -> str:
        """Words used on screens and in exports."""
        return _LABELS[self]

    @property
    def letter(self) -> str:
        """One letter for narrow columns (B for "below")."""
        return _LETTERS[self]

    @property
    def colour(self) -> str:
        """The printed profile's colour: green above, yellow on, red below."""
        return _COLOURS[self]


_LABELS = {Status.ABOVE: "Above", Status.ON_TARGET: "On target",
           Status.NEARLY: "Nearly there", Status.NOT_ACHIEVING: "Not achieving"}
_LETTERS = {Status.ABOVE: "A", Status.ON_TARGET: "O", Status.NEARLY: "N",
            Status.NOT_ACHIEVING: "B"}
_COLOURS = {Status.ABOVE: "green", Status.ON_TARGET: "yellow", Status.NEARLY: "red",
            Status.NOT_ACHIEVING: "red"}


def status(current: SubStage, expected: SubStage) -> Status:
    """Above when ahead of the expected step, On target level, Nearly one behind."""
    return status_of(current.step - expected.step)


def grade_status(current: Grade, target: Grade, scale: GradeScale) -> Status:
    """A GCSE grade against its target, as a sub-stage against its expected position: on
    the school's line (whole grades, or fine grades when the setting is on) above, level,
    one step below (Nearly there), further below (Not achieving)."""
    return status_of(scale.difference(current, target))


def status_of(diff: int) -> Status:
    """The status of a pupil ``diff`` steps from where they should be (negative: behind)."""
    if diff > 0:
        return Status.ABOVE
    if diff == 0:
        return Status.ON_TARGET
    if diff == -1:
        return Status.NEARLY
    return Status.NOT_ACHIEVING


class TargetChangeRefused(UserFacingError):
    """A long-term target change the rules do not allow; str() says why."""


def check_target_change(old: SubStage, new: SubStage, fft: SubStage | None,
                        roles: Iterable[Role], reason: str | None) -> None:
    """Raise TargetChangeRefused unless this person may change the target so.

    Who may raise or lower is the permission matrix's call. Lowering also needs a
    reason and never goes below the FFT Aspire estimate. (A raise that is still below
    FFT is allowed: it moves the right way.) Whether the pupil is in the raiser's own
    class is checked where the pupil is known, not here.
    """
    roles = frozenset(roles)
    if new.step == old.step:
        raise TargetChangeRefused(f"The target is already {old.label}: no change")
    if new.step > old.step:
        refused = refusal(roles, Action.RAISE_TARGET)
        if refused:
            raise TargetChangeRefused(refused)
        return
    refused = refusal(roles, Action.LOWER_TARGET)
    if refused:
        raise TargetChangeRefused(refused)
    if fft is not None and new.step < fft.step:
        raise TargetChangeRefused("A target cannot go below the FFT Aspire estimate "
                                  f"({fft.label})")
    if not (reason or "").strip():
        raise TargetChangeRefused("Give a reason for lowering the target")


KEY_STAGE_KINDS = ("ks3", "ks4")
"""Targets for the end of a key stage, set by the Assertive Mentoring team (end of KS3 at the
start of Year 7, end of KS4 at the start of Year 10); "year" is the end-of-year target."""
KEY_STAGE_TITLES = {"ks3": "end of KS3", "ks4": "end of KS4"}


def no_key_stage_target(year_group: int) -> str:
    """Why a pupil in ``year_group`` has no end-of-key-stage target ('' when they have one).

    Years 7-9 work towards the end of KS3 and Years 10-11 the end of KS4. A sixth-form
    course (Years 12-13) has no key stage to end: its target is the end-of-year one (README,
    "Years 12-13"); a primary pupil's targets are sub-stages for the year."""
    if key_stage_kind(year_group) is not None:
        return ""
    if year_group in SIXTH_FORM_YEARS:
        return (f"A Year {year_group} pupil has no end-of-key-stage target: in the sixth form each "
                "course's target is its end-of-year target")
    return f"A Year {year_group} pupil has no end-of-key-stage target (only Years 7-11 have one)"


def check_target_kind(kind: str, year_group: int, *, own_key_stage_only: bool = True) -> None:
    """Raise TargetChangeRefused unless a pupil in ``year_group`` may be given a ``kind``
    target (ks3, ks4 or year): an end-of-year one always; an end-of-key-stage one only in
    Years 7-11, and their own key stage's unless ``own_key_stage_only`` is off (an import
    may record a Year 10 pupil's end-of-KS3 target)."""
    if kind not in KEY_STAGE_KINDS:
        return
    own = key_stage_kind(year_group)
    if own is None:
        raise TargetChangeRefused(no_key_stage_target(year_group))
    if kind != own and own_key_stage_only:
        raise TargetChangeRefused(f"A Year {year_group} pupil works towards the {KEY_STAGE_TITLES[own]} "
                                  f"target, not the {KEY_STAGE_TITLES[kind]}")


def change_word(old: str, new: str) -> str:
    """How a target went from the label ``old`` to ``new``: "set" (it had none), "raised",
    "lowered", or "changed" when the two are not on one line (a sub-stage and a grade)."""
    if not old:
        return "set"
    for parse in (default_scale().parse, GradeScale(fine=True).parse):
        try:
            before, after = parse(old), parse(new)
        except ValueError:
            continue
        return "raised" if after.step > before.step else "lowered" if after.step < before.step else "kept"
    return "changed"


def check_long_term_target(new: SubStage | Grade, *, old: SubStage | Grade | None,
                           baseline: SubStage | Grade | None, fft: SubStage | Grade | None,
                           roles: Iterable[Role], reason: str | None, steps: int,
                           kind: str = "year") -> str:
    """The one rule for a long-term target, wherever it is set (a screen, a meeting, an
    import): raises TargetChangeRefused saying why not; returns a warning ('' for none).

    A target is always above the baseline and never below the FFT Aspire estimate; only
    SLT lowers one, with a reason (:func:`check_target_change`); a target set fewer than
    ``steps`` (settings.target_steps) above the baseline is allowed, with a warning. An
    end-of-key-stage target (``kind`` ks3 or ks4) is set and raised by the Assertive
    Mentoring team or SLT only ("up, not down": still only SLT lowers it). Sub-stages and
    GCSE grades (``domain.grades``) are checked alike.
    """
    if baseline is not None and new.step <= baseline.step:
        raise TargetChangeRefused(f"A target must be above the baseline ({baseline.label}); "
                                  f"{new.label} is not")
    roles = frozenset(roles)
    if kind in KEY_STAGE_KINDS and (old is None or new.step > old.step):
        refused = refusal(roles, Action.SET_KEY_STAGE_TARGET)
        if refused:
            raise TargetChangeRefused(refused)
        if old is None and fft is not None and new.step < fft.step:
            raise TargetChangeRefused(f"A target cannot go below the FFT Aspire estimate ({fft.label})")
    elif old is not None:
        check_target_change(old, new, fft, roles, reason)
    elif fft is not None and new.step < fft.step:
        raise TargetChangeRefused(f"A target cannot go below the FFT Aspire estimate ({fft.label})")
    if baseline is not None and new.step < baseline.step + steps:
        gap = new.step - baseline.step
        return (f"{new.label} is {gap} step{'s' if gap != 1 else ''} above the baseline {baseline.label}, "
                f"fewer than the {steps} a year's target usually is")
    return ""
