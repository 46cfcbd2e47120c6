"""Every cell of the permission matrix: 'all' anywhere, 'own' only in scope, '-' never."""

from __future__ import annotations

import pytest

from amtui.domain.permissions import Action, NotAllowed, allowed, refusal, require
from amtui.domain.roles import Role

ROLES = [Role.TEACHER, Role.TA, Role.MENTOR, Role.HOD, Role.HOY, Role.SLT, Role.AMT, Role.ADMIN]

EXPECTED = """
edit marks                               own own -   own -   all -   all
enter weekly test scores                 own own -   -   -   all -   all
enter attitude                           own own -   -   -   all -   all
confirm a stage or level move            own -   -   all -   all -   all
raise a long-term target                 own -   -   all all all -   -
lower a long-term target                 -   -   -   -   -   all -   -
set an end-of-key-stage target           -   -   -   -   -   all all -
set medium and short-term targets        own own all all all all -   -
lock a half-term                         -   -   -   -   -   all -   -
run a mentoring meeting                  -   -   own -   all all -   -
amend a finished meeting                 -   -   own -   -   all -   -
change a pupil's mentor                  -   -   -   -   all all -   all
log a reward, certificate or sanction    all all all all all all all all
maintain the interventions bank          -   -   -   -   -   all -   all
see SLT's monitoring figures             -   -   -   all all all all all
change school settings                   -   -   -   -   -   all -   all
import data                              -   -   -   -   -   -   -   all
manage staff                             -   -   -   -   -   -   -   all
archive a leaver                         -   -   -   -   -   -   -   all
move a pupil to another class            -   -   -   -   -   -   -   all
open the next academic year              -   -   -   -   -   -   -   all
erase a pupil's records                  -   -   -   -   -   -   -   all
export everything held about a pupil     -   -   -   -   -   -   -   all
back up or restore the database          -   -   -   -   -   -   -   all
see the school's audit trail             -   -   -   -   -   all -   all
put pupils onto the programme            -   -   -   -   -   all all -
refer a pupil causing concern            all all all all all all all all
record a parental interview              -   -   -   -   all all all -
enter a progress return                  own own -   own -   all -   all
set the progress returns' calendar       -   -   -   -   -   all all -
check a department's projected grades    -   -   -   own -   all -   -
end a referral                           own own own own own all all own
"""


def cells():
    for line in EXPECTED.strip().splitlines():
        name, marks = line[:41].strip(), line[41:].split()
        action = Action(name)
        for role, mark in zip(ROLES, marks, strict=True):
            yield pytest.param(action, role, mark, id=f"{role.value}-{action.name}")


def test_the_table_covers_every_action():
    named = {line[:41].strip() for line in EXPECTED.strip().splitlines()}
    assert named == {action.value for action in Action}


@pytest.mark.parametrize(("action", "role", "mark"), list(cells()))
def test_matrix_cell(action, role, mark):
    roles = frozenset({role})
    assert allowed(roles, action, in_scope=True) is (mark in ("own", "all"))
    assert allowed(roles, action, in_scope=False) is (mark == "all")


def test_refusals_say_why():
    assert refusal(frozenset({Role.TEACHER}), Action.LOWER_TARGET) == (
        "Only Senior leadership may lower a long-term target."
    )
    assert refusal(frozenset({Role.TA}), Action.EDIT_MARKS, in_scope=False) == (
        "You may edit marks only for your own classes."
    )
    assert "not on the staff list" in refusal(frozenset(), Action.EDIT_MARKS)


def test_the_secondary_refusals_say_what_is_own():
    assert refusal(frozenset({Role.HOD}), Action.CHECK_RETURNS, in_scope=False) == (
        "You may check a department's projected grades only for the subjects you head."
    )
    assert refusal(frozenset({Role.MENTOR}), Action.END_REFERRAL, in_scope=False) == (
        "You may end a referral only when it reached you."
    )
    assert refusal(frozenset({Role.TEACHER}), Action.MANAGE_RETURNS) == (
        "Only Senior leadership or Assertive Mentoring team may set the progress returns' calendar."
    )


def test_combined_roles_take_the_widest_permission():
    assert allowed(frozenset({Role.TEACHER, Role.SLT}), Action.EDIT_MARKS, in_scope=False)


def test_require_raises_with_the_reason():
    with pytest.raises(NotAllowed, match="Only Admin may import data"):
        require(frozenset({Role.SLT}), Action.IMPORT)


def test_a_locked_half_term_is_read_only_for_all_but_slt():
    from amtui.domain.permissions import locked_refusal

    teacher, slt = frozenset({Role.TEACHER}), frozenset({Role.SLT})
    assert locked_refusal(teacher, "HT2", "Hana Head", "moderation") == (
        "HT2 is locked by Hana Head (moderation): its records are read-only. Ask SLT to unlock it."
    )
    assert locked_refusal(slt, "HT2", "Hana Head") is None
    assert locked_refusal(teacher, "HT2", "") is None  # open
