"""amtui grid from the command line reads the grid as the person at the keyboard may: a head of
year opens their own year's groups only, as on the screen."""

from __future__ import annotations

import pytest

from amtui import cli
from tests.returns_school import _import, seed_returns_school


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
