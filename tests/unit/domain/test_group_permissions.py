"""Entry by teaching group: each cell of the matrix for a secondary school's groups."""

from __future__ import annotations

import pytest

from amtui.domain.permissions import Action, Placement, Remit, may_enter
from amtui.domain.roles import Role

MATHS, SCIENCE, HISTORY = 1, 2, 3
TUTOR_10X, MA2_10X, MA1_10Y, SC1_10X = 100, 201, 202, 301
# A Year 10 pupil in tutor group 10X, Maths set 10X/Ma2 and Science group 10X/Sc1.
IN_MATHS = Placement(TUTOR_10X, 10, MATHS, frozenset({MA2_10X}), grouped=True)
IN_SCIENCE = Placement(TUTOR_10X, 10, SCIENCE, frozenset({SC1_10X}), grouped=True)


def enter(roles, place, remit, action=Action.EDIT_MARKS):
    return may_enter(frozenset(roles), action, half_term=None, today=None, remit=remit, place=place)


def test_a_teacher_enters_for_their_own_group_in_its_subject():
    assert enter({Role.TEACHER}, IN_MATHS, Remit(frozenset({MA2_10X})))


def test_a_teacher_of_another_set_of_the_subject_may_not():
    verdict = enter({Role.TEACHER}, IN_MATHS, Remit(frozenset({MA1_10Y})))
    assert verdict.reason == "You may edit marks only for your own teaching groups, in their subject."


def test_a_history_teacher_linked_to_the_tutor_group_cannot_save_a_science_mark():
    assert not enter({Role.TEACHER}, IN_SCIENCE, Remit(frozenset({TUTOR_10X})))


def test_teaching_the_pupil_science_gives_no_entry_in_maths():
    assert enter({Role.TEACHER}, IN_SCIENCE, Remit(frozenset({SC1_10X})))
    assert not enter({Role.TEACHER}, IN_MATHS, Remit(frozenset({SC1_10X})))


def test_a_head_of_department_enters_for_every_group_of_their_subject_only():
    hod = Remit(hod_subjects=frozenset({SCIENCE}))
    assert enter({Role.HOD}, IN_SCIENCE, hod)
    assert not enter({Role.HOD}, IN_MATHS, hod)
    assert not enter({Role.TEACHER}, IN_SCIENCE, hod)  # the subject is theirs as a head of department


def test_a_head_of_year_reads_their_year_but_enters_nothing():
    hoy = Remit(hoy_years=frozenset({10}))
    assert enter({Role.HOY}, IN_MATHS, hoy).reason.startswith("Only Teacher or Teaching assistant")


@pytest.mark.parametrize("role", [Role.SLT, Role.ADMIN])
def test_slt_and_admin_enter_anywhere(role):
    assert enter({role}, IN_SCIENCE, Remit())


@pytest.mark.parametrize("role", [Role.AMT, Role.MENTOR])
def test_the_amt_and_mentors_enter_no_marks(role):
    assert not enter({role}, IN_SCIENCE, Remit(frozenset({SC1_10X})))


def test_a_pupil_in_no_teaching_group_is_their_class_teachers_as_in_a_primary_school():
    primary = Placement(7, 4, MATHS)
    assert enter({Role.TEACHER}, primary, Remit(frozenset({7})))
    assert not enter({Role.TEACHER}, primary, Remit(frozenset({8})))
    assert enter({Role.TEACHER}, Placement(TUTOR_10X, 10, MATHS), Remit(frozenset({TUTOR_10X})))


def test_may_enter_needs_a_place_or_own_class():
    with pytest.raises(ValueError):
        may_enter(frozenset({Role.TEACHER}), Action.EDIT_MARKS, half_term=None, today=None)


def test_a_record_of_no_subject_is_the_tutor_groups():
    attitude = Placement(TUTOR_10X, 10, None, grouped=True)
    assert enter({Role.TEACHER}, attitude, Remit(frozenset({TUTOR_10X})), Action.ENTER_ATTITUDE)
    assert not enter({Role.TEACHER}, attitude, Remit(frozenset({MA2_10X})), Action.ENTER_ATTITUDE)
