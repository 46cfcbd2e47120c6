"""may_enter: who may enter or change a pupil's records, at which half-term, and why not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import Action, NotAllowed, may_enter
from amtui.domain.roles import Role

START, END = dt.date(2027, 1, 4), dt.date(2027, 2, 12)  # HT3's first and last day


@dataclass(frozen=True)
class Term:
    number: int = 3
    start: dt.date = START
    end: dt.date = END
    locked_by: str = ""
    lock_reason: str = ""


LOCKED = Term(locked_by="Hana Head", lock_reason="reports sent")
ENTRY = [Action.EDIT_MARKS, Action.ENTER_ATTITUDE]


def enter(roles, action=Action.EDIT_MARKS, *, own_class=True, half_term=Term(), today=START):
    return may_enter(frozenset(roles), action, own_class=own_class, half_term=half_term, today=today)


@pytest.mark.parametrize("action", ENTRY)
@pytest.mark.parametrize("role, own, other", [
    (Role.TEACHER, True, False), (Role.TA, True, False), (Role.SLT, True, True), (Role.ADMIN, True, True),
    (Role.MENTOR, False, False), (Role.HOD, None, False), (Role.HOY, False, False), (Role.AMT, False, False),
])
def test_each_role_in_their_own_class_and_in_another(action, role, own, other):
    if own is None:  # a head of department marks their subject's pupils, but rates no attitude
        own = action is Action.EDIT_MARKS
    assert bool(enter({role}, action, own_class=True)) is own
    assert bool(enter({role}, action, own_class=False)) is other


def test_the_reasons_say_what_to_do():
    assert enter({Role.TEACHER}, own_class=False).reason == "You may edit marks only for your own classes."
    assert enter({Role.MENTOR}).reason == "Only Teacher or Teaching assistant or Head of department or Senior leadership or Admin may edit marks."
    assert enter(set()).reason == "You are not on the staff list, so you cannot edit marks."


def test_a_locked_half_term_is_read_only_for_all_but_slt():
    why = enter({Role.TEACHER}, half_term=LOCKED).reason
    assert why == "HT3 is locked by Hana Head (reports sent): its records are read-only. Ask SLT to unlock it."
    assert enter({Role.TA}, Action.ENTER_ATTITUDE, half_term=LOCKED).reason == why
    assert enter({Role.ADMIN}, half_term=LOCKED).reason == why
    assert enter({Role.SLT}, half_term=LOCKED)
    assert enter({Role.TEACHER, Role.SLT}, own_class=False, half_term=LOCKED)


def test_a_locked_past_half_term_stays_locked():
    assert not enter({Role.TEACHER}, half_term=LOCKED, today=END + dt.timedelta(days=200))


@pytest.mark.parametrize("today, allowed", [
    (START - dt.timedelta(days=1), False),  # the day before its first day
    (START, True),  # its first day
    (END, True),  # its last day
    (END + dt.timedelta(days=1), True),  # the holiday after: still entered, late
    (END + dt.timedelta(days=400), True),  # a year on: an open half-term is still open
])
def test_the_half_term_must_have_started(today, allowed):
    found = enter({Role.TEACHER}, today=today)
    assert bool(found) is allowed
    if not allowed:
        assert found.reason == "HT3 has not started yet: it starts on Mon 04 Jan 2027."


def test_not_started_holds_for_slt_too():
    assert not enter({Role.SLT}, today=START - dt.timedelta(days=1))


def test_the_role_is_said_before_the_lock_and_the_lock_before_the_date():
    early = START - dt.timedelta(days=1)
    assert "own classes" in enter({Role.TEACHER}, own_class=False, half_term=LOCKED, today=early).reason
    assert "locked" in enter({Role.TEACHER}, half_term=LOCKED, today=early).reason


def test_weekly_scores_have_no_half_term_only_the_role_and_class():
    assert may_enter(frozenset({Role.TA}), Action.ENTER_WEEKLY, own_class=True, half_term=None, today=START)
    refused = may_enter(frozenset({Role.TA}), Action.ENTER_WEEKLY, own_class=False, half_term=None, today=START)
    assert refused.reason == "You may enter weekly test scores only for your own classes."


def test_a_date_left_out_leaves_only_the_date_unchecked():
    assert enter({Role.TEACHER}, today=None)
    assert not enter({Role.TEACHER}, half_term=LOCKED, today=None)


def test_enforce_raises_the_reason_for_the_person():
    enter({Role.TEACHER}).enforce()  # allowed: nothing raised
    with pytest.raises(NotAllowed, match="^HT3 has not started yet") as refused:
        enter({Role.TEACHER}, today=START - dt.timedelta(days=1)).enforce()
    assert isinstance(refused.value, UserFacingError)


def test_only_entry_actions_are_decided_here():
    with pytest.raises(ValueError):
        enter({Role.SLT}, Action.LOCK_HALF_TERM)
