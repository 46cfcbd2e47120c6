"""A secondary school's targets on screen, a teaching group at a time.

Each pupil of the group shows their FFT estimate, their end-of-key-stage target (end of KS3
in Years 7-9, a sub-stage; end of KS4 in Years 10-11, a GCSE grade; none in Years 12-13,
whose courses aim at the end-of-year target) and this year's end-of-year target. A target is set by the rule the targets import follows
(``targets.save_long_terms``, ``domain.targets.check_long_term_target``): the Assertive
Mentoring team or SLT set and raise end-of-key-stage targets; teachers set their groups'
end-of-year targets from them; a target goes up, not down, only SLT lowers one (saying
why) and never below FFT. A lowering with no reason is refused with ``ReasonNeeded``, so
the screen can ask why. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import (
    AcademicYear, FftEstimate, GroupMembership, LongTermTarget, Pupil, SchoolClass, Staff,
)
from amtui.db.repo.groups import GroupInfo, group_open_on, placements_in, teaching_groups
from amtui.db.repo.school import ensure_year, load_settings
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.db.repo.targets import TargetSetting, save_long_terms
from amtui.domain.calendar import academic_year_of
from amtui.domain.grades import Grade, GradeScale, key_stage_kind, target_in_grades
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, NotAllowed, is_own, refusal, require
from amtui.domain.roles import Role
from amtui.domain.scale import SubStage, default_scale
from amtui.domain.targets import KEY_STAGE_TITLES, TargetChangeRefused, change_word, check_target_kind

KIND_TITLES = {**KEY_STAGE_TITLES, "year": "end of year"}


class ReasonNeeded(TargetChangeRefused):
    """Lowering a target needs a reason: the screen asks for one."""


@dataclass(frozen=True)
class PupilTargets:
    """One pupil's targets in the group's subject (labels, "" where none is set)."""

    pupil_id: int
    name: str
    year_group: int
    fft: str
    key_stage: str
    year: str

    @property
    def key_kind(self) -> str | None:
        """ks3 or ks4: the end of the key stage the pupil works towards (None in Years 12-13)."""
        return key_stage_kind(self.year_group)


@dataclass(frozen=True)
class TargetStep:
    """One change of a pupil's long-term target in a subject: who, when, from what, to what, why."""

    subject_id: int
    kind: str  # ks3, ks4 or year
    start_year: int  # the academic year it was set in
    old: str  # the label it replaced ("" for the first of its kind, or of the year)
    new: str
    set_at: dt.datetime
    set_by: str
    reason: str

    @property
    def word(self) -> str:
        """set, raised, lowered, kept or changed."""
        return change_word(self.old, self.new)


def groups_for(user: CurrentUser, start_year: int) -> list[GroupInfo]:
    """The teaching groups whose targets ``user`` looks after: their own first, then their
    subjects' (head of department) and their year's (head of year); the Assertive Mentoring
    team and SLT every group. Who they are as the database holds it when the list is read
    (``as_now``), not as at login."""
    every = teaching_groups(start_year)
    me = read(lambda: as_now(user, dt.date.today()))
    everything = bool(me.roles & {Role.AMT, Role.SLT, Role.ADMIN})
    shown = [g for g in every if everything or g.id in me.class_ids or g.subject_id in me.hod_subjects
             or g.year_group in me.hoy_years]
    return sorted(shown, key=lambda g: g.id not in me.class_ids)  # stable: own groups first


def _newest_in(pupil_ids: list[int], subject_id: int, year_id: int) -> dict[tuple[int, str], str]:
    """(pupil, kind) -> the newest target's label: key-stage ones of any year, end-of-year
    ones of this year; kind ``fft`` the year's FFT estimate."""
    found: dict[tuple[int, str], str] = {}
    rows = (LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.kind, LongTermTarget.academic_year,
                                  LongTermTarget.substage)
            .where(LongTermTarget.pupil.in_(pupil_ids) & (LongTermTarget.subject == subject_id))
            .order_by(LongTermTarget.id).tuples())
    for pupil, kind, year, label in rows:
        if kind != "year" or year == year_id:
            found[(pupil, kind)] = label
    for pupil, label in (FftEstimate.select(FftEstimate.pupil, FftEstimate.substage)
                         .where(FftEstimate.pupil.in_(pupil_ids) & (FftEstimate.subject == subject_id)
                                & (FftEstimate.academic_year == year_id))
                         .order_by(FftEstimate.id).tuples()):
        found[(pupil, "fft")] = label
    return found


def group_targets(group_id: int, day: dt.date) -> list[PupilTargets]:
    """The group's pupils on ``day`` with their targets in its subject, by name."""

    def query() -> list[PupilTargets]:
        subject_id, year_id = (SchoolClass.select(SchoolClass.subject, SchoolClass.academic_year)
                               .where(SchoolClass.id == group_id).tuples().get())
        pupils = list(GroupMembership.select(Pupil.id, Pupil.surname, Pupil.forename, Pupil.year_group)
                      .join(Pupil).where((GroupMembership.group == group_id) & group_open_on(day)
                                         & Pupil.left_on.is_null())
                      .order_by(Pupil.surname, Pupil.forename).tuples())
        labels = _newest_in([p[0] for p in pupils], subject_id, year_id)
        return [PupilTargets(pid, pupil_name(forename, surname), year_group, labels.get((pid, "fft"), ""),
                             labels.get((pid, key_stage_kind(year_group) or ""), ""), labels.get((pid, "year"), ""))
                for pid, surname, forename, year_group in pupils]

    return read(query)


def target_history(pupil_id: int) -> tuple[TargetStep, ...]:
    """Every change of the pupil's long-term targets, every subject, kind and year, newest
    first. A change's ``old`` is the target it replaced: the kind's previous one, for an
    end-of-year target the previous one of that year."""

    def query() -> tuple[TargetStep, ...]:
        rows = (LongTermTarget.select(LongTermTarget.subject, LongTermTarget.kind, AcademicYear.start_year,
                                      LongTermTarget.substage, LongTermTarget.set_at, Staff.name,
                                      LongTermTarget.reason)
                .join(AcademicYear).switch(LongTermTarget)
                .join(Staff, JOIN.LEFT_OUTER, on=(LongTermTarget.set_by == Staff.id))
                .where(LongTermTarget.pupil == pupil_id).order_by(LongTermTarget.id).tuples())
        before: dict[tuple, str] = {}
        steps = []
        for subject, kind, start_year, label, set_at, name, reason in rows:
            place = (subject, kind, start_year if kind == "year" else None)
            steps.append(TargetStep(subject, kind, start_year, before.get(place, ""), label, set_at,
                                    name or "import", reason or ""))
            before[place] = label
        return tuple(reversed(steps))

    return read(query)


def _reader(kind: str, year_group: int):
    """How a ``kind`` target is read for a pupil in ``year_group``, as the import reads it."""
    if target_in_grades(kind, year_group):
        return GradeScale(load_settings().fine_grades).parse
    return default_scale().parse


def _stored(parse, label: str) -> SubStage | Grade | None:
    """A stored label read in this kind's terms; one in the other terms counts as none."""
    try:
        return parse(label) if label else None
    except ValueError:
        return None


def set_target(user: CurrentUser, pupil_id: int, subject_id: int, kind: str, text: str, reason: str,
               day: dt.date) -> str:
    """Set a pupil's ``kind`` target (ks3, ks4 or year) in a subject to ``text``, by the
    targets' one rule; what was done (with the rule's warning, if any). TargetChangeRefused
    or NotAllowed say why not; ReasonNeeded when SLT lowers one without saying why."""
    if kind not in KIND_TITLES:
        raise TargetChangeRefused(f"'{kind}' is not a kind of target: ks3, ks4 or year")
    reason = " ".join(reason.split())

    def change() -> str:
        start_year = academic_year_of(day)
        year_id = ensure_year(start_year).id
        row = Pupil.select(Pupil.year_group, Pupil.forename, Pupil.surname).where(Pupil.id == pupil_id).tuples().first()
        if row is None:
            raise NotAllowed("That pupil is no longer on the record.")
        year_group, forename, surname = row
        check_target_kind(kind, year_group)
        parse = _reader(kind, year_group)
        try:
            new = parse(text)
        except ValueError as error:
            raise TargetChangeRefused(str(error)) from None
        me = as_now(user, day)
        labels = _newest_in([pupil_id], subject_id, year_id)
        old, fft = _stored(parse, labels.get((pupil_id, kind), "")), _stored(parse, labels.get((pupil_id, "fft"), ""))
        if kind == "year" and (old is None or new.step > old.step):
            place = placements_in([pupil_id], subject_id, day)[pupil_id]
            require(me.roles, Action.RAISE_TARGET, is_own(me.roles, me.remit, place))
        lowering = old is not None and new.step < old.step
        if lowering and not reason and refusal(me.roles, Action.LOWER_TARGET) is None:
            raise ReasonNeeded(f"Say why the target goes down from {old.label} to {new.label}")
        setting = TargetSetting(pupil_id, subject_id, new, old, None, fft, reason, kind)
        warned = save_long_terms(me.roles, user.staff_id, year_id, [setting], load_settings().target_steps)
        action = "target.set" if old is None else "target.lower" if lowering else "target.raise"
        audit(user.login, action, "pupil", pupil_id, subject=subject_id, year=start_year, kind=kind,
              old=old.label if old else None, new=new.label, reason=reason)
        said = f"{forename} {surname}'s {KIND_TITLES[kind]} target is now {new.label}"
        return f"{said} ({warned[0][1]})." if warned else f"{said}."

    return write(change)


__all__ = ["KIND_TITLES", "PupilTargets", "ReasonNeeded", "TargetStep", "groups_for", "group_targets",
           "set_target", "target_history"]
