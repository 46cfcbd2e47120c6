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


# --- the README's matrix for teaching and tutor groups, a test per cell ---------------------------

GROUP_ROLES = [Role.TEACHER, Role.TA, Role.MENTOR, Role.HOD, Role.HOY, Role.SLT, Role.AMT]
ATTITUDE = Placement(TUTOR_10X, 10, None, grouped=True)
GROUP_CASES = {  # (the README's words, what is entered, for which pupil, what is the person's)
    "own-set-mark": ("a mark, pupil in a Maths set they teach", Action.EDIT_MARKS, IN_MATHS,
                     Remit(frozenset({MA2_10X}))),
    "other-set-mark": ("a mark, pupil in another set of the subject they head", Action.EDIT_MARKS, IN_MATHS,
                       Remit(frozenset({MA1_10Y}), frozenset({MATHS}))),
    "tutee-science-mark": ("a Science mark, pupil in the tutor group they are linked to", Action.EDIT_MARKS,
                           IN_SCIENCE, Remit(frozenset({TUTOR_10X}))),
    "tutor-attitude": ("attitude, pupil in the tutor group they are linked to", Action.ENTER_ATTITUDE, ATTITUDE,
                       Remit(frozenset({TUTOR_10X}))),
    "own-set-return": ("a progress return, pupil in a set they teach", Action.ENTER_RETURN, IN_MATHS,
                       Remit(frozenset({MA2_10X}))),
    "headed-subject-return": ("a progress return, pupil in a set of the subject they head", Action.ENTER_RETURN,
                              IN_MATHS, Remit(hod_subjects=frozenset({MATHS}))),
    "headed-year-mark": ("a mark, pupil in the year they head", Action.EDIT_MARKS, IN_MATHS,
                         Remit(hoy_years=frozenset({10}))),
}
GROUP_MATRIX = """
own-set-mark            yes yes -   yes -   yes -
other-set-mark          -   -   -   yes -   yes -
tutee-science-mark      -   -   -   -   -   yes -
tutor-attitude          yes yes -   -   -   yes -
own-set-return          yes yes -   yes -   yes -
headed-subject-return   -   -   -   yes -   yes -
headed-year-mark        -   -   -   -   -   yes -
"""


def group_cells():
    for line in GROUP_MATRIX.strip().splitlines():
        case, *marks = line.split()
        for role, mark in zip(GROUP_ROLES, marks, strict=True):
            yield pytest.param(case, role, mark == "yes", id=f"{case}-{role.value}")


def test_the_group_matrix_covers_every_case():
    assert [line.split()[0] for line in GROUP_MATRIX.strip().splitlines()] == list(GROUP_CASES)


@pytest.mark.parametrize(("case", "role", "may"), list(group_cells()))
def test_group_matrix_cell(case, role, may):
    _, action, place, remit = GROUP_CASES[case]
    assert bool(enter({role}, place, remit, action)) is may
