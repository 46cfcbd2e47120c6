"""After amtui new-year, the app opened in September shows the new year at once: the home
screen's classes and figures, and a class grid of the new class with its new targets."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from amtui import cli, cli_year, identity
from amtui.db.connection import Target
from amtui.db.models import AcademicYear, LongTermTarget, Pupil, SchoolClass
from amtui.db.repo import school
from amtui.db.startup import open_database
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.grid.class_grid import ClassGridScreen
from amtui.ui.screens.home.home import HomeScreen

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
from year_school import LOGIN, next_year_file, school_file  # noqa: E402

SEPT_2027 = dt.date(2027, 9, 10)
SIZE = (100, 30)


@pytest.fixture
def moved_on(tmp_path, tmp_path_factory, monkeypatch, capsys):
    """The demo school after new-year at September 2027, its head teaching Beech (Year 2)."""
    db = school_file(tmp_path_factory, tmp_path)
    monkeypatch.setattr(identity, "current_person", lambda: identity.Person(LOGIN, None))
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setattr(cli_year, "today", lambda: SEPT_2027)
    open_database(Target(str(db)))
    placed = next_year_file(tmp_path / "pupils.csv", 2026)
    assert cli.main(["--db", str(db), "new-year", "--pupils", str(tmp_path / "pupils.csv")]) == 0
    assert cli.main(["--db", str(db), "staff", "teach", LOGIN, "Beech", "--from", "06/09/2027"]) == 0
    capsys.readouterr()
    opened = open_database(Target(str(db)))
    yield opened, placed
    opened.db.close()


async def test_home_and_a_class_grid_show_the_new_year(moved_on, wait_until, text_of):
    opened, placed = moved_on
    beech = SchoolClass.select().join(AcademicYear).where(
        (AcademicYear.start_year == 2027) & (SchoolClass.name == "Beech")).get()
    in_beech = {p.surname for p in Pupil.select().where(Pupil.school_class == beech.id)}
    assert len(in_beech) > 5 and beech.year_group == 2
    assert LongTermTarget.select().join(AcademicYear).where(AcademicYear.start_year == 2027).count() > 0

    app = AmtuiApp(opened, LOGIN, today=SEPT_2027)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen)
                         and app.screen.query_one("#classes").row_count > 0, timeout=15)
        classes = text_of(app.screen.query_one("#classes")).splitlines()
        size = sum(1 for name in placed.values() if name == "Beech")
        assert classes[0].startswith(f"Beech | Y2 | {size} | ") and not classes[0].endswith("| -")
        await wait_until(pilot, lambda: "pupils" in text_of(app.screen.query_one("#figures")))
        figures = text_of(app.screen.query_one("#figures"))
        assert f"HT1 Autumn 1 · {len(placed)} pupils" in figures

    app = AmtuiApp(opened, LOGIN, screen="class_grid", today=SEPT_2027,
                   screen_args={"class_name": "Beech", "subject": "Maths"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data, timeout=15)
        data = app.screen.data
        assert data.school_class.id == beech.id and data.half_term.year == 2027 and data.half_term.number == 1
        assert {p.surname for p in data.pupils} <= in_beech and data.pupils
        assert all(data.record.targets.get(p.id) for p in data.pupils)
        title = text_of(app.screen.query_one("#grid-title"))
        assert title.startswith("Beech · Maths") and "HT1 Autumn 1" in title
        shown = "\n".join(app.screen.grid.text_line(y) for y in range(app.screen.grid.size.height))
        assert any(p.surname in shown for p in data.pupils)
    assert school.current_half_term(SEPT_2027).year == 2027

    # The pupil's page shows where they were last year.
    pupil = Pupil.select().where(Pupil.school_class == beech.id).first()
    app = AmtuiApp(opened, LOGIN, screen="pupil", today=SEPT_2027, screen_args={"pupil_id": pupil.id})
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "UPN" in text_of(app.screen.query_one("#pupil-head")), timeout=15)
        head = text_of(app.screen.query_one("#pupil-head"))
        assert "Beech · Year 2" in head and "Earlier years: 2026-27 Ash (Y1)" in head
