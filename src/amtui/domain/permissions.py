"""Who may do what: the permission matrix, in one place.

Each action names the roles that may take it and the scope: ``ANY`` (anything in the
school), ``OWN_CLASS`` (only classes the member of staff teaches or supports) or
``OWN_MENTEE`` (only pupils they mentor). A role listed under ``everywhere`` overrides
the scope. The README prints this table; the tests check every cell.

In a secondary school "your own" follows the teaching groups: a teacher's own pupils in a
subject are those in the groups of that subject they teach, a head of department's are
every pupil taught their subject, and a tutor group gives no entry at all
(:func:`is_own`, which ``may_enter`` applies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol

from amtui.domain.errors import UserFacingError
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.roles import Role

T, TA, MENTOR, HOD, HOY, SLT, AMT, ADMIN = (
    Role.TEACHER, Role.TA, Role.MENTOR, Role.HOD, Role.HOY, Role.SLT, Role.AMT, Role.ADMIN
)


class Scope(Enum):
    ANY = "anywhere"
    OWN_CLASS = "for your own classes"
    OWN_GROUP = "for your own teaching groups, in their subject"
    OWN_MENTEE = "for your own mentees"
    OWN_SUBJECT = "for the subjects you head"
    OWN_REFERRAL = "when it reached you"


class Action(str, Enum):
    EDIT_MARKS = "edit marks"
    ENTER_WEEKLY = "enter weekly test scores"
    ENTER_ATTITUDE = "enter attitude"
    CONFIRM_PROMOTION = "confirm a stage or level move"
    RAISE_TARGET = "raise a long-term target"
    LOWER_TARGET = "lower a long-term target"
    SET_KEY_STAGE_TARGET = "set an end-of-key-stage target"
    SET_TARGETS = "set medium and short-term targets"
    LOCK_HALF_TERM = "lock a half-term"
    RUN_MEETING = "run a mentoring meeting"
    AMEND_MEETING = "amend a finished meeting"
    CHANGE_MENTOR = "change a pupil's mentor"
    LOG_EVENT = "log a reward, certificate or sanction"
    MANAGE_INTERVENTIONS = "maintain the interventions bank"
    MONITOR = "see SLT's monitoring figures"
    EDIT_SETTINGS = "change school settings"
    IMPORT = "import data"
    MANAGE_STAFF = "manage staff"
    ARCHIVE_PUPIL = "archive a leaver"
    MOVE_PUPIL = "move a pupil to another class"
    NEW_YEAR = "open the next academic year"
    ERASE_PUPIL = "erase a pupil's records"
    EXPORT_PUPIL = "export everything held about a pupil"
    BACKUP = "back up or restore the database"
    VIEW_AUDIT = "see the school's audit trail"
    REVIEW_CONCERNS = "put pupils onto the programme"
    REFER = "refer a pupil causing concern"
    ARRANGE_INTERVIEW = "record a parental interview"
    ENTER_RETURN = "enter a progress return"
    MANAGE_RETURNS = "set the progress returns' calendar"
    CHECK_RETURNS = "check a department's projected grades"
    END_REFERRAL = "end a referral"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    scope: Scope = Scope.ANY
    everywhere: frozenset[Role] = frozenset()  # these roles are not limited by the scope


def _rule(roles, scope=Scope.ANY, everywhere=()) -> Rule:
    return Rule(frozenset(roles), scope, frozenset(everywhere))


CLASS_WORK = _rule({T, TA, SLT, ADMIN}, Scope.OWN_CLASS, everywhere={SLT, ADMIN})

MATRIX: dict[Action, Rule] = {
    # A head of department's own pupils are everyone taught their subject (is_own).
    Action.EDIT_MARKS: _rule({T, TA, HOD, SLT, ADMIN}, Scope.OWN_CLASS, everywhere={SLT, ADMIN}),
    Action.ENTER_WEEKLY: CLASS_WORK,
    Action.ENTER_ATTITUDE: CLASS_WORK,
    Action.CONFIRM_PROMOTION: _rule({T, HOD, SLT, ADMIN}, Scope.OWN_CLASS, everywhere={HOD, SLT, ADMIN}),
    Action.RAISE_TARGET: _rule({T, HOD, HOY, SLT}, Scope.OWN_CLASS, everywhere={HOD, HOY, SLT}),
    Action.LOWER_TARGET: _rule({SLT}),
    Action.SET_KEY_STAGE_TARGET: _rule({AMT, SLT}),
    Action.SET_TARGETS: _rule({T, TA, MENTOR, HOD, HOY, SLT}, Scope.OWN_CLASS,
                              everywhere={MENTOR, HOD, HOY, SLT}),
    Action.LOCK_HALF_TERM: _rule({SLT}),
    Action.RUN_MEETING: _rule({MENTOR, HOY, SLT}, Scope.OWN_MENTEE, everywhere={HOY, SLT}),
    Action.AMEND_MEETING: _rule({MENTOR, SLT}, Scope.OWN_MENTEE, everywhere={SLT}),
    Action.CHANGE_MENTOR: _rule({HOY, SLT, ADMIN}),
    Action.LOG_EVENT: _rule({T, TA, MENTOR, HOD, HOY, SLT, AMT, ADMIN}),
    Action.MANAGE_INTERVENTIONS: _rule({SLT, ADMIN}),
    Action.MONITOR: _rule({HOD, HOY, SLT, AMT, ADMIN}),
    Action.EDIT_SETTINGS: _rule({SLT, ADMIN}),
    Action.IMPORT: _rule({ADMIN}),
    Action.MANAGE_STAFF: _rule({ADMIN}),
    Action.ARCHIVE_PUPIL: _rule({ADMIN}),
    Action.MOVE_PUPIL: _rule({ADMIN}),
    Action.NEW_YEAR: _rule({ADMIN}),
    Action.ERASE_PUPIL: _rule({ADMIN}),
    Action.EXPORT_PUPIL: _rule({ADMIN}),
    Action.BACKUP: _rule({ADMIN}),
    Action.VIEW_AUDIT: _rule({SLT, ADMIN}),
    Action.REVIEW_CONCERNS: _rule({AMT, SLT}),
    Action.REFER: _rule({T, TA, MENTOR, HOD, HOY, SLT, AMT, ADMIN}),
    Action.ARRANGE_INTERVIEW: _rule({HOY, SLT, AMT}),
    # A return is entered as marks are: own is the teaching groups taught, in their subject (is_own).
    Action.ENTER_RETURN: _rule({T, TA, HOD, SLT, ADMIN}, Scope.OWN_CLASS, everywhere={SLT, ADMIN}),
    Action.MANAGE_RETURNS: _rule({AMT, SLT}),
    Action.CHECK_RETURNS: _rule({HOD, SLT}, Scope.OWN_SUBJECT, everywhere={SLT}),
    # Accepted, passed on or closed by whom it reached (a mentor, a head of year, whoever it
    # was passed to), or by the Assertive Mentoring team or SLT.
    Action.END_REFERRAL: _rule({T, TA, MENTOR, HOD, HOY, SLT, AMT, ADMIN}, Scope.OWN_REFERRAL, everywhere={AMT, SLT}),
}


def refusal(roles: frozenset[Role], action: Action, in_scope: bool = True) -> str | None:
    """Why ``roles`` may not take ``action`` (None when they may).

    ``in_scope`` says whether the thing acted on is the user's own (their class, their
    mentee); it only matters for scoped actions.
    """
    rule = MATRIX[action]
    if not roles:
        return f"You are not on the staff list, so you cannot {action.value}."
    if not roles & rule.roles:
        who = " or ".join(role.title for role in Role if role in rule.roles)
        return f"Only {who} may {action.value}."
    if rule.scope is Scope.ANY or in_scope or roles & rule.everywhere:
        return None
    return f"You may {action.value} only {rule.scope.value}."


def locked_refusal(roles: frozenset[Role], half_term: str, locked_by: str | None,
                   reason: str = "") -> str | None:
    """Why a locked half-term's records may not be changed (None: open, or the user is SLT).

    ``locked_by`` is who locked it (None or "" when it is open).
    """
    if not locked_by or Role.SLT in roles:
        return None
    why = f" ({reason})" if reason else ""
    return f"{half_term} is locked by {locked_by}{why}: its records are read-only. Ask SLT to unlock it."


def allowed(roles: frozenset[Role], action: Action, in_scope: bool = True) -> bool:
    return refusal(roles, action, in_scope) is None


class NotAllowed(UserFacingError):
    """A refused action; the message says why, for the screen."""


def require(roles: frozenset[Role], action: Action, in_scope: bool = True) -> None:
    reason = refusal(roles, action, in_scope)
    if reason:
        raise NotAllowed(reason)


# --- entering a pupil's records ---------------------------------------------------------------

ENTRY_ACTIONS = (Action.EDIT_MARKS, Action.ENTER_ATTITUDE, Action.ENTER_WEEKLY, Action.ENTER_RETURN)
"""What ``may_enter`` decides: records kept for a pupil in a subject and half-term."""


class HalfTermState(Protocol):
    """A school's half-term as far as entry goes (the database's ``HalfTermInfo`` is one)."""

    @property
    def number(self) -> int: ...  # 1-6

    @property
    def start(self) -> date: ...

    @property
    def locked_by(self) -> str: ...  # who locked it; "" when open

    @property
    def lock_reason(self) -> str: ...


@dataclass(frozen=True)
class Verdict:
    """Whether a person may go ahead: true when they may, else ``reason`` says why not."""

    reason: str = ""

    def __bool__(self) -> bool:
        return not self.reason

    def enforce(self) -> None:
        """Raise NotAllowed with the reason when refused."""
        if self.reason:
            raise NotAllowed(self.reason)


FIRST_SECONDARY_YEAR = 7
"""Years 7-13 are taught in teaching groups, where a school sets them up."""


@dataclass(frozen=True)
class Placement:
    """Where a pupil is taught one subject, as far as "your own" goes.

    ``class_id`` is their class (a primary class, or a secondary tutor group);
    ``group_ids`` their teaching groups in ``subject_id`` on the day; ``grouped`` whether
    they are in any teaching group at all that year (a school that sets none up works by
    classes, as a primary school does).
    """

    class_id: int | None
    year_group: int
    subject_id: int | None = None
    group_ids: frozenset[int] = frozenset()
    grouped: bool = False


@dataclass(frozen=True)
class Remit:
    """What a member of staff answers for: the classes and teaching groups linked to them on
    the day, the subjects they head (HoD) and the year groups they head (HoY)."""

    class_ids: frozenset[int] = frozenset()
    hod_subjects: frozenset[int] = frozenset()
    hoy_years: frozenset[int] = frozenset()


def is_own(roles: frozenset[Role], remit: Remit, place: Placement) -> bool:
    """Whether a pupil's record in ``place.subject_id`` is this person's own.

    A pupil in teaching groups is a teacher's own in the subjects of the groups they teach
    (a tutor group, being no subject's, counts for no subject), and a head of department's
    in their subject; a pupil in none is their class teacher's, and their subject's head's.
    A record of no subject (``subject_id`` None: attitude) is their class or tutor group's.
    """
    if HOD in roles and place.subject_id is not None and place.subject_id in remit.hod_subjects:
        return True
    if place.grouped and place.subject_id is not None:
        return bool(place.group_ids & remit.class_ids)
    return place.class_id in remit.class_ids


def may_read_pupil(roles: frozenset[Role], hoy_years: frozenset[int], year_group: int) -> Verdict:
    """Whether this person may read a pupil's file.

    Every login reads every pupil's file (read-only where it may change nothing), except
    that a head of year with no other role reads their year's only (the years they head;
    every year where none is recorded).
    """
    if roles != {HOY} or not hoy_years or year_group in hoy_years:
        return Verdict()
    years = ", ".join(str(y) for y in sorted(hoy_years))
    return Verdict(f"A head of year reads their own year's pupils only (Year {years}), not Year {year_group}'s.")


def may_enter(roles: frozenset[Role], action: Action, *, own_class: bool | None = None,
              half_term: HalfTermState | None, today: date | None,
              remit: Remit | None = None, place: Placement | None = None) -> Verdict:
    """Whether this person may enter or change a pupil's record at this half-term.

    The one rule for marks, test answers, Big Write evidence, attitude and weekly scores;
    the repositories enforce it when saving and the screens call it to explain why they
    are read-only. In order, the refusals are:

    - the role: a login not on the staff list, or a role that may not take ``action``;
    - the class: the pupil is not the person's own and the role is limited to its own
      classes (SLT and admin are not). Own is ``own_class`` when given (the pupil is in a
      class the person teaches or supports), else :func:`is_own` of ``remit`` and ``place``
      (teaching groups and their subjects, heads of department);
    - the lock: SLT locked the half-term (SLT themselves may still change it);
    - the date: the half-term has not started yet on ``today``, for everyone.

    ``half_term`` is None for records kept by the week rather than the half-term (weekly
    tests); ``today`` None leaves the date out (a record that is not dated by the screen).
    """
    if action not in ENTRY_ACTIONS:
        raise ValueError(f"may_enter decides {', '.join(a.name for a in ENTRY_ACTIONS)}, not {action.name}")
    if own_class is None:
        if remit is None or place is None:
            raise ValueError("may_enter needs own_class, or a remit and a place")
        own_class = is_own(roles, remit, place)
    why = refusal(roles, action, in_scope=own_class)
    if why and place is not None and place.grouped and refusal(roles, action) is None:
        why = f"You may {action.value} only {Scope.OWN_GROUP.value}."
    if why or half_term is None:
        return Verdict(why or "")
    label = HalfTermNumber(half_term.number).label
    why = locked_refusal(roles, label, half_term.locked_by, half_term.lock_reason)
    if why:
        return Verdict(why)
    if today is not None and today < half_term.start:
        return Verdict(f"{label} has not started yet: it starts on {half_term.start:%a %d %b %Y}.")
    return Verdict()
