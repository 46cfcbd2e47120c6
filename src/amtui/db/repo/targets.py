"""A pupil's targets: long-term per subject with their history; medium, short and personal.

Long-term targets are append-only (``LongTermTarget``): a change adds a row saying who
set it, when and why, so the history is the rows themselves. The rules of who may
raise or lower one are ``domain.targets.check_target_change`` and the permission matrix.

A medium-term target is *achieved* once its criterion's effective code is ``X``. That is
worked out whenever targets are read (so every screen and print agrees at once), and
:func:`settle_achieved` writes it to the record when a member of staff who may set the
pupil's targets opens the pupil's file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from peewee import JOIN, chunked

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import (
    AcademicYear, Baseline, Criterion, CriterionMark, FftEstimate, LongTermTarget, Pupil, Staff,
    Subject, Target, now,
)
from amtui.db.repo import tracking
from amtui.db.repo.school import HalfTermInfo, ensure_year
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.domain.class_record import cell_state
from amtui.domain.codes import Code, MarkEntry
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, NotAllowed, require
from amtui.domain.scale import Scale, SubStage, default_scale
from amtui.domain.roles import Role
from amtui.domain.targets import TargetChangeRefused, check_long_term_target
from amtui.domain.text import checked

KINDS = ("medium", "short", "personal")
KIND_TITLES = {"medium": "Medium-term", "short": "Short-term", "personal": "Attitude/personal"}
STATUSES = ("open", "achieved", "dropped")
PERSONAL_ASPECTS = ("punctuality", "homework", "uniform", "pe_kit", "presentation", "behaviour",
                    "effort", "attendance")

__all__ = ["TargetChangeRefused", "NotAllowed"]


# --- long-term targets ---------------------------------------------------------------------


@dataclass(frozen=True)
class TargetChange:
    """One row of a long-term target's history."""

    label: str
    set_at: dt.datetime
    set_by: str
    reason: str


@dataclass(frozen=True)
class LongTerm:
    """A subject's end-of-year target now, the floors around it, and how it got there."""

    subject_id: int
    subject: str
    current: SubStage | None
    baseline: SubStage | None
    fft: SubStage | None
    history: tuple[TargetChange, ...]  # newest first
    warning: str = ""  # said when the target was just set: fewer steps above the baseline than usual


def _label(text: str | None, scale: Scale) -> SubStage | None:
    try:
        return scale.parse(text) if text else None
    except ValueError:
        return None


def long_term_targets(pupil_id: int, year: int, scale: Scale | None = None) -> list[LongTerm]:
    """Each subject with a baseline, FFT estimate or target this year, by subject."""
    scale = scale or default_scale()

    def query() -> list[LongTerm]:
        baselines = tracking.latest_labels(Baseline, Baseline.pupil == pupil_id, None, year, scale)
        ffts = tracking.latest_labels(FftEstimate, FftEstimate.pupil == pupil_id, None, year, scale)
        rows = (LongTermTarget.select(LongTermTarget.subject, LongTermTarget.substage, LongTermTarget.set_at,
                                      Staff.name, LongTermTarget.reason)
                .join(AcademicYear).switch(LongTermTarget)
                .join(Staff, JOIN.LEFT_OUTER, on=(LongTermTarget.set_by == Staff.id))
                .where(LongTermTarget.pupil == pupil_id, AcademicYear.start_year == year,
                       LongTermTarget.kind == "year")
                .order_by(LongTermTarget.id.desc()))
        history: dict[int, list[TargetChange]] = {}
        for subject, label, set_at, name, reason in rows.tuples():
            history.setdefault(subject, []).append(TargetChange(label, set_at, name or "import", reason))
        subjects = {sid for _, sid in baselines} | {sid for _, sid in ffts} | set(history)
        names = dict(Subject.select(Subject.id, Subject.name).where(Subject.id.in_(list(subjects))).tuples())
        return [LongTerm(sid, names[sid], _label(history[sid][0].label, scale) if sid in history else None,
                         baselines.get((pupil_id, sid)), ffts.get((pupil_id, sid)),
                         tuple(history.get(sid, ())))
                for sid in sorted(subjects)]

    return read(query)


def _pupil_class(pupil_id: int) -> int | None:
    row = Pupil.select(Pupil.school_class).where(Pupil.id == pupil_id).tuples().first()
    if row is None:
        raise NotAllowed("That pupil is no longer on the record.")
    return row[0]


@dataclass(frozen=True)
class TargetSetting:
    """One long-term target to record, with what the rule weighs it against."""

    pupil_id: int
    subject_id: int
    new: SubStage
    old: SubStage | None
    baseline: SubStage | None
    fft: SubStage | None
    reason: str
    kind: str = "year"  # or ks3 / ks4: an end-of-key-stage target (domain.targets.KEY_STAGE_KINDS)


class TargetsRefused(TargetChangeRefused):
    """Some of the targets asked for break the rule: ``refused`` is (index, reason) of each."""

    def __init__(self, refused: list[tuple[int, str]]) -> None:
        super().__init__(refused[0][1])
        self.refused = refused


def save_long_terms(roles: frozenset[Role], staff_id: int | None, year_id: int, settings: list[TargetSetting],
                    steps: int) -> list[tuple[int, str]]:
    """Record long-term targets, every one checked by the one rule
    (``domain.targets.check_long_term_target``: above the baseline, never below FFT, only SLT
    lowers; end-of-key-stage ones set by the AMT or SLT), whether typed on a screen or
    imported; sub-stages or GCSE grades. Call inside the write transaction.

    Raises TargetsRefused (nothing recorded) when any breaks the rule; returns the
    (index, warning) of those set fewer than ``steps`` above the baseline.
    """
    refused, warned = [], []
    for index, setting in enumerate(settings):
        try:
            warning = check_long_term_target(setting.new, old=setting.old, baseline=setting.baseline,
                                             fft=setting.fft, roles=roles, reason=setting.reason, steps=steps,
                                             kind=setting.kind)
        except TargetChangeRefused as error:
            refused.append((index, str(error)))
            continue
        if warning:
            warned.append((index, warning))
    if refused:
        raise TargetsRefused(refused)
    rows = [{"pupil": s.pupil_id, "subject": s.subject_id, "academic_year": year_id, "kind": s.kind,
             "substage": s.new.label, "set_by": staff_id, "reason": s.reason, "set_at": now()} for s in settings]
    for batch in chunked(rows, 100):
        LongTermTarget.insert_many(batch).execute()
    return warned


def change_long_term(user: CurrentUser, pupil_id: int, subject_id: int, year: int, new_text: str,
                     reason: str, scale: Scale | None = None, steps: int | None = None) -> LongTerm:
    """Set, raise or lower the year's target; raises TargetChangeRefused (or NotAllowed) saying
    why. The result's ``warning`` says when it is fewer steps above the baseline than usual."""
    from amtui.db.repo.school import load_settings

    scale = scale or default_scale()
    steps = steps if steps is not None else load_settings().target_steps
    try:
        new = scale.parse(new_text)
    except ValueError as error:
        raise TargetChangeRefused(str(error)) from None
    reason = checked("reason", reason.strip())

    def change() -> str:
        me = as_now(user, dt.date.today())
        in_scope = _pupil_class(pupil_id) in me.class_ids
        found = next((t for t in long_term_targets(pupil_id, year, scale) if t.subject_id == subject_id), None)
        old = found.current if found else None
        if old is None or new.step > old.step:  # a first target is set like a raise
            require(me.roles, Action.RAISE_TARGET, in_scope)
        setting = TargetSetting(pupil_id, subject_id, new, old, found.baseline if found else None,
                                found.fft if found else None, reason)
        warned = save_long_terms(me.roles, user.staff_id, ensure_year(year).id, [setting], steps)
        action = "target.set" if old is None else "target.raise" if new.step > old.step else "target.lower"
        audit(user.login, action, "pupil", pupil_id, subject=subject_id, year=year,
              old=old.label if old else None, new=new.label, reason=reason)
        return warned[0][1] if warned else ""

    warning = write(change)
    found = next(t for t in long_term_targets(pupil_id, year, scale) if t.subject_id == subject_id)
    return replace(found, warning=warning)


# --- medium, short and personal targets -----------------------------------------------------------


@dataclass(frozen=True)
class TargetInfo:
    """A medium-term, short-term or personal target. ``status`` is the stored one;
    ``achieved_now`` says its criterion is ``X`` at the half-term read (so it counts as
    achieved even before :func:`settle_achieved` has written that down)."""

    id: int
    kind: str
    subject: str
    criterion_id: int | None
    ref: str
    text: str
    aspect: str
    status: str
    set_at: dt.datetime
    set_by: str
    closed_at: dt.datetime | None
    meeting_id: int | None
    achieved_now: bool = False

    @property
    def effective_status(self) -> str:
        return "achieved" if self.status == "open" and self.achieved_now else self.status

    @property
    def is_open(self) -> bool:
        return self.effective_status == "open"

    @property
    def what(self) -> str:
        """The target in a few words: "W2/4 Use capital letters ..." or the personal text."""
        aspect = self.aspect.replace("_", " ").capitalize()
        lead = self.ref or (f"{aspect}:" if aspect else "")
        return f"{lead} {self.text}".strip()


def _crossed_now(pupil_id: int, criterion_ids: set[int], at: int) -> set[int]:
    """Which of these criteria the pupil has at ``X`` at ordinal ``at``."""
    if not criterion_ids:
        return set()
    ordinals = tracking.half_term_ordinals()
    entries: dict[int, list[MarkEntry]] = {}
    for criterion, half_term, code, entry_id in (
            CriterionMark.select(CriterionMark.criterion, CriterionMark.half_term, CriterionMark.code,
                                 CriterionMark.id)
            .where(CriterionMark.pupil == pupil_id, CriterionMark.criterion.in_(list(criterion_ids)))
            .tuples()):
        if code in {c.value for c in Code}:
            entries.setdefault(criterion, []).append(MarkEntry(ordinals[half_term], Code(code), entry_id))
    return {cid for cid, found in entries.items() if cell_state(found, at).code is Code.CROSS}


def _query_targets(pupil_id: int, at: int) -> list[TargetInfo]:
    rows = (Target.select(Target.id, Target.kind, Subject.name, Target.criterion, Criterion.ref, Target.text,
                          Target.aspect, Target.status, Target.set_at, Staff.name, Target.closed_at,
                          Target.meeting)
            .join(Subject, JOIN.LEFT_OUTER, on=(Target.subject == Subject.id)).switch(Target)
            .join(Criterion, JOIN.LEFT_OUTER, on=(Target.criterion == Criterion.id)).switch(Target)
            .join(Staff, JOIN.LEFT_OUTER, on=(Target.set_by == Staff.id))
            .where(Target.pupil == pupil_id))
    found = [TargetInfo(tid, kind, subject or "", crit, ref or "", text, aspect, status, set_at,
                        by or "", closed, meeting)
             for tid, kind, subject, crit, ref, text, aspect, status, set_at, by, closed, meeting
             in rows.tuples()]
    crossed = _crossed_now(pupil_id, {t.criterion_id for t in found
                                      if t.kind == "medium" and t.status == "open" and t.criterion_id}, at)
    found = [replace(t, achieved_now=True) if t.kind == "medium" and t.criterion_id in crossed else t
             for t in found]
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda t: (order.get(t.kind, 9), not t.is_open, -t.set_at.timestamp(), -t.id))
    return found


def pupil_targets(pupil_id: int, half_term: HalfTermInfo) -> list[TargetInfo]:
    """Medium, then short, then personal; open before closed; newest first."""
    return read(lambda: _query_targets(pupil_id, half_term.ordinal))


def _may_set(user: CurrentUser, pupil_id: int) -> None:
    me = as_now(user, dt.date.today())
    require(me.roles, Action.SET_TARGETS, _pupil_class(pupil_id) in me.class_ids)


def settle_achieved(user: CurrentUser, pupil_id: int, half_term: HalfTermInfo) -> int:
    """Write down medium-term targets whose criterion is now ``X`` as achieved.

    Only for staff who may set the pupil's targets (others just see them worked out);
    returns how many were written. Audited as ``target.achieved`` with ``auto``.
    """
    if user.read_only or not user.may(Action.SET_TARGETS, read(lambda: _pupil_class(pupil_id))):
        return 0
    if not any(t.status == "open" and t.achieved_now for t in pupil_targets(pupil_id, half_term)):
        return 0  # the common case: no write transaction at all

    def change() -> int:
        due = [t.id for t in _query_targets(pupil_id, half_term.ordinal) if t.status == "open" and t.achieved_now]
        if due:
            Target.update(status="achieved", closed_at=now()).where(Target.id.in_(due)).execute()
            audit(user.login, "target.achieved", "pupil", pupil_id, targets=due, auto=True)
        return len(due)

    return write(change)


def add_target(user: CurrentUser, pupil_id: int, kind: str, text: str, subject_id: int | None = None,
               aspect: str = "") -> int:
    """A new short-term or personal target (medium-term ones are agreed in meetings)."""
    text = checked("target", text.strip())
    if kind not in ("short", "personal"):
        raise UserFacingError("Only short-term and personal targets are added here; medium-term ones "
                         "are agreed in the mentoring meeting.")
    if not text:
        raise UserFacingError("Write the target: it cannot be empty.")
    if aspect and aspect not in PERSONAL_ASPECTS:
        raise UserFacingError(f"'{aspect}' is not an aspect ({', '.join(PERSONAL_ASPECTS)}).")

    def change() -> int:
        _may_set(user, pupil_id)
        row = Target.create(pupil=pupil_id, kind=kind, subject=subject_id, aspect=aspect, text=text,
                            set_by=user.staff_id)
        audit(user.login, "target.add", "pupil", pupil_id, target=row.id, kind=kind, text=text, aspect=aspect)
        return row.id

    return write(change)


def set_status(user: CurrentUser, target_id: int, status: str) -> None:
    """Tick a target achieved, drop it, or open it again."""
    if status not in STATUSES:
        raise UserFacingError(f"'{status}' is not a target status ({', '.join(STATUSES)}).")

    def change() -> None:
        row = Target.get_or_none(Target.id == target_id)
        if row is None:
            raise NotAllowed("That target is no longer on the record.")
        _may_set(user, row.pupil_id)
        closed = None if status == "open" else now()
        Target.update(status=status, closed_at=closed).where(Target.id == target_id).execute()
        audit(user.login, f"target.{status}", "pupil", row.pupil_id, target=target_id, was=row.status)

    write(change)
