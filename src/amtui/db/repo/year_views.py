"""What heads of department and of year look at after a return.

* A head of department: their subject's pupils below target in the latest return, by
  teaching group (``department_below``).
* A head of year: the year's concerns (``concerns.concerns`` for one year group) and the
  parental interviews to arrange, with their outcomes: arranged on a day, with whom, then
  the outcome recorded (``arrange_interview``, ``record_outcome``). Every change audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import AcademicYear, GroupMembership, ParentalInterview, Pupil, SchoolClass
from amtui.db.repo.concerns import returns_in, targets_in
from amtui.db.repo.groups import group_open_on
from amtui.db.repo.staff import CurrentUser, roles_now
from amtui.domain import programme as rules
from amtui.domain.errors import UserFacingError
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, require


@dataclass(frozen=True)
class BelowTarget:
    """A pupil below target in one subject, in their teaching group."""

    group: str
    pupil_id: int
    name: str
    returned: str  # the projected grade, or "B"
    target: str


def department_below(subject_id: int, start_year: int, day: dt.date) -> list[BelowTarget]:
    """The subject's pupils below target in their latest return, by group then name."""
    def query() -> list[BelowTarget]:
        returns, targets = returns_in(None, day), targets_in(start_year)
        rows = (GroupMembership.select(SchoolClass.name, Pupil.id, Pupil.surname, Pupil.forename)
                .join(SchoolClass).join(AcademicYear).switch(GroupMembership).join(Pupil)
                .where((SchoolClass.subject == subject_id) & (AcademicYear.start_year == start_year)
                       & group_open_on(day) & Pupil.left_on.is_null())
                .order_by(SchoolClass.name, Pupil.surname, Pupil.forename).tuples())
        found = []
        for group, pid, surname, forename in rows:
            projected, aob = returns.get((pid, subject_id), ("", ""))
            target = targets.get((pid, subject_id), "")
            if (projected or aob) and rules.is_below(rules.SubjectReturn("", projected, aob, target)):
                found.append(BelowTarget(group, pid, pupil_name(forename, surname), projected or aob, target))
        return found

    return read(query)



@dataclass(frozen=True)
class Interview:
    id: int
    pupil_id: int
    reason: str
    arranged_on: dt.date | None
    with_whom: str
    outcome: str

    @property
    def text(self) -> str:
        """'to arrange', 'on 03/12 with Mrs Ash', '... : the outcome'."""
        if self.arranged_on is None:
            return "to arrange"
        said = f"{self.arranged_on:%d/%m} with {self.with_whom}" if self.with_whom else f"{self.arranged_on:%d/%m}"
        return f"{said}: {self.outcome}" if self.outcome else said


def interviews(pupil_ids) -> dict[int, Interview]:
    """Each pupil's newest parental interview."""
    m = ParentalInterview
    return read(lambda: {row[1]: Interview(*row) for row in
                         m.select(m.id, m.pupil, m.reason, m.arranged_on, m.with_whom, m.outcome)
                         .where(m.pupil.in_(list(pupil_ids))).order_by(m.recorded_at, m.id).tuples()})


def arrange_interview(user: CurrentUser, pupil_id: int, reason: str, on: dt.date, with_whom: str) -> int:
    """Record a parental interview arranged for ``on`` with ``with_whom``."""
    reason = rules.checked_reason(reason)
    with_whom = rules.checked_reason(with_whom, "whom the interview is with")

    def change() -> int:
        require(roles_now(user), Action.ARRANGE_INTERVIEW)  # as they are now, not at login
        row = ParentalInterview.create(pupil=pupil_id, reason=reason, arranged_on=on, with_whom=with_whom,
                                       recorded_by=user.staff_id)
        audit(user.login, "interview.arrange", "pupil", pupil_id, interview=row.id, on=on, with_whom=with_whom)
        return row.id

    return write(change)


def record_outcome(user: CurrentUser, interview_id: int, outcome: str) -> None:
    """The interview's outcome, once held."""
    outcome = rules.checked_reason(outcome, "what the outcome was")

    def change() -> None:
        require(roles_now(user), Action.ARRANGE_INTERVIEW)
        row = ParentalInterview.get_or_none(ParentalInterview.id == interview_id)
        if row is None:
            raise UserFacingError("That interview is no longer there.")
        ParentalInterview.update(outcome=outcome).where(ParentalInterview.id == interview_id).execute()
        audit(user.login, "interview.outcome", "pupil", row.pupil_id, interview=interview_id, outcome=outcome)

    write(change)
