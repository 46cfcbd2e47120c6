"""Interventions agreed (or ended) in a meeting: each change one short, audited write,
checked like every other meeting save (see ``meeting_saves.guarded``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from amtui.db.models import Intervention, InterventionAssignment, InterventionCriterion, Meeting
from amtui.db.repo.meeting_saves import guarded
from amtui.db.repo.staff import CurrentUser
from amtui.domain.errors import UserFacingError
from amtui.domain.text import checked

def _own_assignment(row: Meeting, assignment_id: int) -> InterventionAssignment:
    found = InterventionAssignment.get_or_none((InterventionAssignment.id == assignment_id)
                                               & (InterventionAssignment.pupil == row.pupil_id))
    if found is None:
        raise UserFacingError("That intervention is not this pupil's (was it removed?).")
    return found


def add_intervention(user: CurrentUser, meeting_id: int, intervention_id: int, start: dt.date,
                     until: dt.date | None, start_substage: str, aims: Sequence[int] = (), *,
                     amending: bool = False) -> int:
    """Agree an intervention from the bank; its assignment id."""

    def save(row: Meeting) -> int:
        if not Intervention.select().where((Intervention.id == intervention_id)
                                           & (Intervention.active == True)).exists():  # noqa: E712
            raise UserFacingError("That intervention is no longer in the bank.")
        made = InterventionAssignment.create(intervention=intervention_id, pupil=row.pupil_id,
                                             start=start, end=until, meeting=row.id,
                                             start_substage=start_substage)
        for criterion in dict.fromkeys(aims):
            InterventionCriterion.create(assignment=made.id, criterion=criterion)
        return made.id

    return guarded(user, meeting_id, "intervention_add", save, amending=amending, started=True,
                    intervention=intervention_id, until=until, aims=list(aims))


UNCHANGED = object()


def update_assignment(user: CurrentUser, meeting_id: int, assignment_id: int, *,
                      staff_id: int | None | object = UNCHANGED, until: dt.date | None | object = UNCHANGED,
                      amending: bool = False) -> None:
    """Who runs an intervention, and until when."""
    values = {}
    if staff_id is not UNCHANGED:
        values[InterventionAssignment.staff] = staff_id
    if until is not UNCHANGED:
        values[InterventionAssignment.end] = until

    def save(row: Meeting) -> None:
        found = _own_assignment(row, assignment_id)
        if until is not UNCHANGED and until is not None and until < found.start:
            raise UserFacingError("An intervention cannot end before it starts.")
        if values:
            InterventionAssignment.update(values).where(InterventionAssignment.id == assignment_id).execute()

    guarded(user, meeting_id, "intervention_change", save, amending=amending, assignment=assignment_id,
             staff=None if staff_id is UNCHANGED else staff_id, until=None if until is UNCHANGED else until)


def end_intervention(user: CurrentUser, meeting_id: int, assignment_id: int, day: dt.date,
                     end_substage: str, review: str, *, amending: bool = False) -> None:
    """Record an intervention's end and outcome (its sub-stage now, and a review)."""
    review = checked("note", review.strip(), label="review")

    def save(row: Meeting) -> None:
        found = _own_assignment(row, assignment_id)
        end = found.end if found.end is not None and found.end <= day else day
        InterventionAssignment.update(end=max(end, found.start), end_substage=end_substage,
                                      review=review.strip()).where(
            InterventionAssignment.id == assignment_id).execute()

    guarded(user, meeting_id, "intervention_end", save, amending=amending, assignment=assignment_id,
             end_substage=end_substage, review=review)


def remove_intervention(user: CurrentUser, meeting_id: int, assignment_id: int, *,
                        amending: bool = False) -> None:
    """Take back an intervention agreed in this meeting (added by mistake)."""

    def save(row: Meeting) -> None:
        if _own_assignment(row, assignment_id).meeting_id != row.id:
            raise UserFacingError("Only interventions agreed in this meeting can be taken back; end it instead.")
        InterventionAssignment.delete().where(InterventionAssignment.id == assignment_id).execute()

    guarded(user, meeting_id, "intervention_remove", save, amending=amending, assignment=assignment_id)




def set_aims(user: CurrentUser, meeting_id: int, assignment_id: int, criterion_ids: Sequence[int], *,
             amending: bool = False) -> None:
    """The criteria an intervention aims at (its crosses gained are counted on these)."""

    def save(row: Meeting) -> None:
        _own_assignment(row, assignment_id)
        InterventionCriterion.delete().where(InterventionCriterion.assignment == assignment_id).execute()
        for criterion in dict.fromkeys(criterion_ids):
            InterventionCriterion.create(assignment=assignment_id, criterion=criterion)

    guarded(user, meeting_id, "intervention_aims", save, amending=amending, assignment=assignment_id,
            aims=list(criterion_ids))
