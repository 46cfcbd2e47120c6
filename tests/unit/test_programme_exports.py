"""``amtui export concerns`` and ``amtui export programme``: exact columns and rows."""

from __future__ import annotations

import pytest

from amtui import cli
from amtui.db.repo import programme
from amtui.db.repo.staff import identify
from amtui.domain.programme import Kind
from tests import programme_school as ps


@pytest.fixture
def school(tmp_path):
    made = ps.build(tmp_path / "school.db")
    made.opened.db.close()
    return made, tmp_path / "school.db"


def run(db, *words, capsys) -> tuple[int, list[str], str]:
    status = cli.main(["--db", str(db), "export", *words])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_export_concerns_of_the_latest_and_of_a_named_return(school, capsys, login_as):
    login_as(ps.AMT_LOGIN)
    _, db = school
    status, lines, err = run(db, "concerns", capsys=capsys)
    assert status == 0, err
    assert lines == ["upn,surname,forename,year,subjects_below,reason",
                     "E105000000005,Elm,Eve,9,4,Year 9 causing concern: 4 subjects below target",
                     "D104000000004,Dale,Dee,10,3,Year 10 causing concern: 3 subjects below target",
                     "W101000000001,Ash,Amy,11,3,3 subjects below target"]
    status, lines, err = run(db, "concerns", "--return", "Y11 October", capsys=capsys)
    assert lines[1:] == ["W101000000001,Ash,Amy,11,3,3 subjects below target"]
    status, _, err = run(db, "concerns", "--return", "Y12 June", capsys=capsys)
    assert status == 1 and "no return called 'Y12 June'" in err


def test_export_programme_lists_members_with_mentor(school, capsys, login_as):
    made, db = school
    login_as(ps.AMT_LOGIN)
    reopened = ps.open_database(ps.Target(str(db)))
    programme.put_on(identify(ps.AMT_LOGIN), made.pupils["Amy Ash"], Kind.PROGRAMME, "3 subjects below target",
                     made.today, mentor_id=made.staff[ps.MENTOR_LOGIN])
    reopened.db.close()
    status, lines, err = run(db, "programme", capsys=capsys)
    assert status == 0, err
    assert lines == ["upn,surname,forename,year,joined,reason,mentor",
                     f"W101000000001,Ash,Amy,11,{made.today.isoformat()},3 subjects below target,Meg Mentor"]


def test_a_teacher_may_not_export_concerns(school, capsys, login_as):
    login_as(ps.TEACHER_LOGIN)
    status, lines, err = run(school[1], "concerns", capsys=capsys)
    assert status == 1 and lines == [] and "may see SLT's monitoring figures" in err
