"""The bank of interventions, who is on which, and how well each one works.

Effectiveness = steps gained from an assignment's start to its end (or to now while it
runs), and crosses gained on the criteria it aimed at; a few set-based queries for the
whole school, grouped in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from peewee import JOIN, fn

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import (
    AcademicYear, Criterion, CriterionMark, HalfTerm, Intervention, InterventionAssignment,
    InterventionCriterion, Pupil, SchoolClass, Staff, Subject,
)
from amtui.db.repo import school, tracking
from amtui.db.repo.staff import CurrentUser, roles_now
from amtui.domain.codes import Code, MarkEntry, effective_code
from amtui.domain.errors import UserFacingError
from amtui.domain.interventions import Effect, Outcome, effect, steps_gained
from amtui.domain.permissions import Action, require
from amtui.domain.scale import Scale, SubStage, default_scale
from amtui.domain.text import checked
from amtui.domain.half_term import HalfTermNumber


@dataclass(frozen=True)
class InterventionInfo:
    """One intervention of the bank."""

    id: int
    name: str
    subject_id: int | None
    subject: str  # "" when it fits any subject
    description: str
    active: bool


@dataclass(frozen=True)
class AssignmentInfo:
    """A pupil on an intervention. ``until`` is its planned (or actual) end."""

    id: int
    pupil_id: int
    intervention_id: int
    intervention: str
    subject_id: int | None  # the intervention's, else its aims' subject
    subject: str
    staff_id: int | None
    staff: str
    start: dt.date
    until: dt.date | None
    start_substage: str
    end_substage: str
    review: str
    meeting_id: int | None
    aims: tuple[tuple[int, str], ...]  # (criterion id, ref)

    def running(self, today: dt.date) -> bool:
        return self.until is None or self.until > today

    def unreviewed(self, today: dt.date) -> bool:
        """Past its end with no outcome recorded: the mentor must review it."""
        return not self.running(today) and not self.end_substage and not self.review.strip()


def bank(include_inactive: bool = False) -> list[InterventionInfo]:
    """The bank, by subject (any-subject ones last) then name."""

    def query() -> list[InterventionInfo]:
        rows = (Intervention.select(Intervention, Subject.name.alias("subject_name"))
                .join(Subject, JOIN.LEFT_OUTER).objects())
        found = [InterventionInfo(r.id, r.name, r.subject_id, r.subject_name or "", r.description,
                                  r.active) for r in rows if include_inactive or r.active]
        return sorted(found, key=lambda i: (not i.subject, i.subject, i.name.lower()))

    return read(query)


def save_intervention(user: CurrentUser, intervention_id: int | None, name: str,
                      subject_id: int | None, description: str) -> int:
    """Add (``intervention_id`` None) or change an intervention; ValueError says what is wrong."""
    name = checked("intervention", " ".join(name.split()), label="name")
    description = checked("description", description.strip())
    if not name:
        raise UserFacingError("Give the intervention a name.")

    def change() -> int:
        require(roles_now(user), Action.MANAGE_INTERVENTIONS)  # as they are now, not at login
        clash = Intervention.get_or_none(fn.LOWER(Intervention.name) == name.lower())
        if clash is not None and clash.id != intervention_id:
            raise UserFacingError(f"There is already an intervention called '{clash.name}'.")
        if intervention_id is None:
            row_id = Intervention.create(name=name, subject=subject_id, description=description).id
        else:
            Intervention.update(name=name, subject=subject_id, description=description).where(
                Intervention.id == intervention_id).execute()
            row_id = intervention_id
        audit(user.login, "intervention.save", "intervention", row_id, name=name,
              subject=subject_id, description=description)
        return row_id

    return write(change)


def set_active(user: CurrentUser, intervention_id: int, active: bool) -> None:
    """Retire an intervention from the bank (its history stays), or bring it back."""

    def change() -> None:
        require(roles_now(user), Action.MANAGE_INTERVENTIONS)
        Intervention.update(active=active).where(Intervention.id == intervention_id).execute()
        audit(user.login, "intervention.active", "intervention", intervention_id, active=active)

    write(change)


def assignments(pupil_ids: Collection[int] | None = None,
                intervention_id: int | None = None) -> list[AssignmentInfo]:
    """Assignments (of these pupils, or of one intervention), newest first."""

    def query() -> list[AssignmentInfo]:
        select = (InterventionAssignment
                  .select(InterventionAssignment, Intervention.name, Intervention.subject,
                          Staff.name.alias("staff_name"))
                  .join(Intervention).switch(InterventionAssignment)
                  .join(Staff, JOIN.LEFT_OUTER))
        if pupil_ids is not None:
            select = select.where(InterventionAssignment.pupil.in_(list(pupil_ids)))
        if intervention_id is not None:
            select = select.where(InterventionAssignment.intervention == intervention_id)
        rows = list(select.order_by(InterventionAssignment.start.desc(),
                                    InterventionAssignment.id.desc()).objects())
        aims: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
        if rows:
            ids = [r.id for r in rows]
            for aid, cid, ref, sid in (InterventionCriterion
                                       .select(InterventionCriterion.assignment, Criterion.id,
                                               Criterion.ref, Criterion.subject)
                                       .join(Criterion)
                                       .where(InterventionCriterion.assignment.in_(ids))
                                       .order_by(Criterion.subject, Criterion.bank,
                                                 Criterion.number).tuples()):
                aims[aid].append((cid, ref, sid))
        names = dict(Subject.select(Subject.id, Subject.name).tuples())
        found = []
        for r in rows:
            subject_id = r.subject or next((sid for *_, sid in aims[r.id]), None)
            found.append(AssignmentInfo(
                r.id, r.pupil_id, r.intervention_id, r.name, subject_id,
                names.get(subject_id, ""), r.staff_id, r.staff_name or "", r.start, r.end,
                r.start_substage, r.end_substage, r.review, r.meeting_id,
                tuple((cid, ref) for cid, ref, _ in aims[r.id])))
        return found

    return read(query)


# --- effectiveness -----------------------------------------------------------------------------


def _terms() -> list[tuple[dt.date, int]]:
    """(start, ordinal) of every half-term on record, oldest first."""
    rows = HalfTerm.select(HalfTerm.start, AcademicYear.start_year, HalfTerm.number).join(AcademicYear)
    return sorted((start, HalfTermNumber(number).ordinal(year))
                  for start, year, number in rows.tuples())


def ordinal_on(day: dt.date, terms: list[tuple[dt.date, int]]) -> int | None:
    """The half-term a day falls in (a holiday counts with the one just ended)."""
    found = None
    for start, ordinal in terms:
        if start <= day:
            found = ordinal
    return found


def _parse(scale: Scale, label: str) -> SubStage | None:
    try:
        return scale.parse(label) if label else None
    except ValueError:
        return None


def outcomes(found: Iterable[AssignmentInfo], today: dt.date,
             scale: Scale | None = None) -> dict[int, Outcome]:
    """Each assignment's outcome: at its end when over, else so far (at today)."""
    scale = scale or default_scale()
    rows = list(found)
    if not rows:
        return {}
    current = school.current_half_term(today)
    pupils = {r.pupil_id for r in rows}
    now = {(p.pupil_id, p.subject_id): p.substage
           for p in tracking.pupil_subject_positions(current, pupil_ids=pupils, scale=scale)}

    def query() -> tuple[list, dict]:
        terms = _terms()
        criteria = {cid for r in rows for cid, _ in r.aims}
        histories: dict[tuple[int, int], list[MarkEntry]] = defaultdict(list)
        if criteria:
            ordinals = tracking.half_term_ordinals()
            marks = (CriterionMark.select(CriterionMark.pupil, CriterionMark.criterion,
                                          CriterionMark.half_term, CriterionMark.code, CriterionMark.id)
                     .where(CriterionMark.criterion.in_(list(criteria)),
                            CriterionMark.pupil.in_(list(pupils))))
            for pid, cid, hid, code, seq in marks.tuples():
                histories[(pid, cid)].append(MarkEntry(ordinals[hid], Code(code), seq))
        return terms, histories

    terms, histories = read(query)
    result = {}
    for r in rows:
        start = _parse(scale, r.start_substage)
        end = _parse(scale, r.end_substage) if r.end_substage else now.get((r.pupil_id, r.subject_id))
        start_at = ordinal_on(r.start, terms)
        end_day = r.until if r.until is not None and not r.running(today) else today
        end_at = ordinal_on(end_day, terms)
        crossed = 0
        for cid, _ in r.aims:
            entries = histories.get((r.pupil_id, cid), [])
            before = start_at is not None and effective_code(entries, start_at - 1) is Code.CROSS
            after = end_at is not None and effective_code(entries, end_at) is Code.CROSS
            crossed += after and not before
        result[r.id] = Outcome(steps_gained(start, end), crossed, len(r.aims))
    return result


@dataclass(frozen=True)
class EffectRow:
    """An intervention of the bank with its effect across the school."""

    intervention: InterventionInfo
    effect: Effect


def effectiveness(today: dt.date) -> list[EffectRow]:
    """Every intervention (retired ones too) with its effect; unused ones show zero."""
    everything = assignments()
    results = outcomes(everything, today)
    by_intervention: dict[int, list[tuple[Outcome, bool]]] = defaultdict(list)
    for a in everything:
        by_intervention[a.intervention_id].append((results[a.id], a.running(today)))
    return [EffectRow(info, effect(info.name, by_intervention.get(info.id, [])))
            for info in bank(include_inactive=True)]


@dataclass(frozen=True)
class AssignmentLine:
    """One pupil on an intervention, for the bank screen's detail."""

    pupil: str
    class_name: str
    staff: str
    start: dt.date
    until: dt.date | None
    running: bool
    outcome: Outcome


def pupils_on(intervention_id: int, today: dt.date) -> list[AssignmentLine]:
    """Who is (or was) on an intervention, newest first, with each one's outcome."""
    found = assignments(intervention_id=intervention_id)
    results = outcomes(found, today)
    names = read(lambda: {pid: (f"{fore} {sur}", cls or "") for pid, fore, sur, cls in
                          Pupil.select(Pupil.id, Pupil.forename, Pupil.surname, SchoolClass.name)
                          .join(SchoolClass, JOIN.LEFT_OUTER)
                          .where(Pupil.id.in_([a.pupil_id for a in found])).tuples()})
    return [AssignmentLine(*names.get(a.pupil_id, ("?", "")), a.staff, a.start, a.until, a.running(today),
                           results[a.id]) for a in found]


def load_shipped(user: CurrentUser) -> int:
    """Add the interventions shipped in data/interventions.csv that the bank lacks (by
    name); returns how many were added. ValueError when the file cannot be read."""
    import csv

    from amtui.paths import data_file

    path = data_file("interventions.csv")
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [(r["name"].strip(), r["subject"].strip(), r["description"].strip())
                    for r in csv.DictReader(handle)]
    except (OSError, KeyError, AttributeError) as error:
        raise UserFacingError(f"Cannot read the shipped interventions ({path}): {error}") from error

    def change() -> int:
        require(roles_now(user), Action.MANAGE_INTERVENTIONS)
        have = {name.lower() for (name,) in Intervention.select(Intervention.name).tuples()}
        subjects = {name.lower(): sid for sid, name in Subject.select(Subject.id, Subject.name).tuples()}
        added = [(name, subject, text) for name, subject, text in rows if name and name.lower() not in have]
        for name, subject, text in added:
            Intervention.create(name=name, subject=subjects.get(subject.lower()), description=text)
        audit(user.login, "intervention.load_shipped", "intervention", "", added=[a[0] for a in added])
        return len(added)

    return write(change)
