"""Who reads a pupil's file: a head of year with no other role is refused another year's
pupil, with the reason, and reads their own year's."""

from __future__ import annotations

import pytest

from amtui.db.models import Pupil
from amtui.db.repo.pupil_file import load_pupil_file
from amtui.db.repo.staff import identify
from amtui.domain.permissions import NotAllowed
from tests.returns_school import TODAY, Y10, Y11, _import, seed_returns_school


@pytest.fixture
def school(opened, tmp_path):
    seed_returns_school(tmp_path)
    _import(tmp_path, "staff", "username,name,roles,heads\nhoy11,Yan Head,hoy,Year 11\nhoy10,Tia Year,teacher;hoy,Year 10\n")
    return tmp_path


def file_of(upn: str, login: str):
    return load_pupil_file(Pupil.get(Pupil.upn == upn).id, TODAY, identify(login))


def test_a_head_of_year_reads_their_years_files_and_is_refused_anothers(school):
    assert file_of(Y11[0], "hoy11").summary.pupil.upn == Y11[0]
    with pytest.raises(NotAllowed, match=r"own year.s pupils only \(Year 11\), not Year 10.s"):
        file_of(Y10[0], "hoy11")


def test_a_head_of_year_who_teaches_reads_every_year_as_a_teacher_does(school):
    assert file_of(Y11[0], "hoy10").summary.pupil.upn == Y11[0]
    assert file_of(Y10[0], "maths2").summary.pupil.upn == Y10[0]
