"""Reading a pupil's file: a head of year with no other role reads their own year's only."""

from __future__ import annotations

import pytest

from amtui.domain.permissions import NotAllowed, may_read_pupil
from amtui.domain.roles import Role

Y10 = frozenset({10})


@pytest.mark.parametrize("year, allowed", [(10, True), (9, False), (11, False)])
def test_a_head_of_year_reads_their_own_year_only(year, allowed):
    verdict = may_read_pupil(frozenset({Role.HOY}), Y10, year)
    assert bool(verdict) is allowed
    if not allowed:
        assert verdict.reason == f"A head of year reads their own year's pupils only (Year 10), not Year {year}'s."
        with pytest.raises(NotAllowed):
            verdict.enforce()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.TA, Role.MENTOR, Role.HOD, Role.SLT, Role.AMT, Role.ADMIN])
def test_every_other_role_reads_every_year_with_or_without_heading_a_year(role):
    assert may_read_pupil(frozenset({role}), frozenset(), 9)
    assert may_read_pupil(frozenset({role, Role.HOY}), Y10, 9)


def test_a_head_of_year_with_no_year_recorded_reads_every_year_as_does_a_login_with_no_role():
    assert may_read_pupil(frozenset({Role.HOY}), frozenset(), 7)
    assert may_read_pupil(frozenset(), frozenset(), 7)
