"""amtui grid from the command line reads the grid as the person at the keyboard may: a head of
year opens their own year's groups only, as on the screen."""

from __future__ import annotations

import pytest

from amtui import cli
from tests.returns_school import _import, seed_returns_school

RUN_APP = cli.run_app  # the command line's, as the fixture below replaces it


@pytest.fixture
def school(opened, db_path, tmp_path, login_as, monkeypatch):
    monkeypatch.delenv("AMTUI_DB", raising=False)
    seed_returns_school(tmp_path)
    _import(tmp_path, "staff", "username,name,roles,heads\nhoy11,Yan Head,hoy,Year 11\n")
    opened_with: list[dict] = []
    monkeypatch.setattr(cli, "run_app", lambda _opened, screen=None, **kw: opened_with.append(kw) or 0)
    login_as("hoy11")
    return db_path, opened_with


def test_a_head_of_year_is_refused_another_years_grid_and_opens_their_own(school, capsys):
    db, opened_with = school
    assert cli.main(["--db", str(db), "grid", "10A/Ma1", "Maths"]) == 1
    err = capsys.readouterr().err
    assert "A head of year reads their own year's pupils only (Year 11), not Year 10's." in err
    assert "Traceback" not in err and opened_with == []
    assert cli.main(["--db", str(db), "grid", "11A/Ma1", "Maths"]) == 0
    assert [kw["preloaded"].school_class.name for kw in opened_with] == ["11A/Ma1"]


def test_the_grid_asked_for_looks_its_class_up_once_and_a_wrong_name_lists_the_real_ones(school, capsys,
                                                                                         monkeypatch):
    from amtui.db.models import SchoolClass
    from amtui.db.repo import school as school_repo

    db, opened_with = school
    real, lists = school_repo.classes, []
    monkeypatch.setattr(school_repo, "classes", lambda *a, **k: lists.append(a) or real(*a, **k))
    assert cli.main(["--db", str(db), "grid", "11a/ma1", "maths"]) == 0
    assert len(lists) == 1  # the year's classes, read by the grid's own read (twice before)
    kw = opened_with[-1]
    assert (kw["class_name"], kw["subject"]) == ("11A/Ma1", "Maths") == (kw["preloaded"].school_class.name,
                                                                         kw["preloaded"].subject.name)
    assert kw["preloaded"].school_class.id == SchoolClass.get(SchoolClass.name == "11A/Ma1").id
    assert cli.main(["--db", str(db), "grid", "9Z", "Maths"]) == 1
    assert "There is no class '9Z' this year (classes: " in capsys.readouterr().err
    assert cli.main(["--db", str(db), "grid", "11A/Ma1", "Latin"]) == 1
    err = capsys.readouterr().err
    assert "There is no subject 'Latin' (subjects: " in err and "Maths" in err and "Traceback" not in err
    assert len(opened_with) == 1


def test_the_grid_looks_the_person_at_the_keyboard_up_once_before_the_app(school, monkeypatch):
    import amtui.ui.app as ui_app
    from amtui.db.repo import staff

    db, _ = school
    looked_up, started = [], []
    real = staff.identify
    monkeypatch.setattr(staff, "identify", lambda *a, **k: looked_up.append(a) or real(*a, **k))
    monkeypatch.setattr(cli, "run_app", RUN_APP)
    monkeypatch.setattr(ui_app, "run_app", lambda opened, login, screen=None, screen_args=None, keymap=None:
                        started.append((login, screen, screen_args)) or 0)
    assert cli.main(["--db", str(db), "grid", "11A/Ma1", "Maths"]) == 0
    assert looked_up == [("hoy11",)]  # twice before: the command's, then again to open the app
    assert [(login, screen, args["preloaded"].school_class.name) for login, screen, args in started] == [
        ("hoy11", "class_grid", "11A/Ma1")]
