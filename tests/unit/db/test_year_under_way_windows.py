"""A year set up before the sixth form had a default calendar (a file made by an older amtui,
then upgraded) gains Years 12-13's windows still to come the first time its windows are
asked for; the windows it had, as the AMT set them, stay as they are."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from amtui.db.connection import Target, write
from amtui.db.models import AuditEntry, ReturnWindow
from amtui.db.repo import returns
from amtui.db.repo.school import ensure_year, half_terms
from amtui.db.startup import open_database
from amtui.domain import returns as rules
from amtui.domain.calendar import HalfTermDates

DATA = Path(__file__).parents[2] / "data"
YEAR, TODAY = 2026, dt.date(2026, 11, 30)  # HT2 of the file's year, the day it was made


def _terms() -> list[HalfTermDates]:
    starts = [dt.date(2026, 9, 1), dt.date(2026, 11, 2), dt.date(2027, 1, 4), dt.date(2027, 2, 22),
              dt.date(2027, 4, 12), dt.date(2027, 6, 7)]
    ends = [dt.date(2026, 10, 23), dt.date(2026, 12, 18), dt.date(2027, 2, 12), dt.date(2027, 3, 26),
            dt.date(2027, 5, 28), dt.date(2027, 7, 21)]
    return [HalfTermDates(n, start, end) for n, (start, end) in enumerate(zip(starts, ends, strict=True), 1)]


def test_only_a_year_group_with_no_window_gains_its_windows_due_today_or_later():
    plans = rules.default_windows(YEAR, _terms())
    older = [(p.name, p.year_group) for p in plans if p.year_group <= 11]
    autumn_due = next(p.due for p in plans if p.name == "Y12 Autumn")
    added = rules.missing_plans(plans, older, autumn_due)  # due today: still to come
    assert [p.name for p in added] == ["Y12 Autumn", "Y13 Autumn", "Y12 Spring", "Y13 Spring", "Y12 Summer"]
    later = rules.missing_plans(plans, older, autumn_due + dt.timedelta(days=1))
    assert [p.name for p in later] == ["Y12 Spring", "Y13 Spring", "Y12 Summer"]
    # a year group with any window is the AMT's; a name already taken is not made twice
    assert [p.name for p in rules.missing_plans(plans, older + [("Y12 Mocks", 12)], TODAY)] == [
        "Y13 Autumn", "Y13 Spring"]
    assert [p.name for p in rules.missing_plans(plans, older + [("Y13 Autumn", 11)], TODAY)] == [
        "Y12 Autumn", "Y12 Spring", "Y13 Spring", "Y12 Summer"]
    assert rules.missing_plans(plans, [(p.name, p.year_group) for p in plans], TODAY) == []


@pytest.fixture
def upgraded(tmp_path):
    """The demo school's file from amtui 0.1.0, upgraded on opening, with this year's
    windows for Years 7-11 as amtui made them before the sixth form's calendar, and the AMT's
    change of Y11 October's due date."""
    path = tmp_path / "school-v1.db"
    shutil.copyfile(DATA / "school-v1.sqlite", path)
    opened = open_database(Target(str(path)))
    plans = rules.default_windows(YEAR, [term.dates for term in half_terms(YEAR)])

    def older_amtui() -> None:
        year = ensure_year(YEAR).id
        ReturnWindow.insert_many([dict(academic_year=year, name=p.name, year_group=p.year_group, kind=p.kind,
                                       coursework=p.coursework, opens=p.opens, due=p.due)
                                  for p in plans if p.year_group <= 11]).execute()
        ReturnWindow.update(due=dt.date(2026, 10, 22)).where(ReturnWindow.name == "Y11 October").execute()

    write(older_amtui)
    yield plans
    opened.db.close()


def _rows() -> list[tuple]:
    return list(ReturnWindow.select(ReturnWindow.name, ReturnWindow.year_group, ReturnWindow.kind,
                                    ReturnWindow.opens, ReturnWindow.due).order_by(ReturnWindow.id).tuples())


def test_an_upgraded_files_year_under_way_gains_the_sixth_forms_windows_still_to_come(upgraded):
    before = _rows()
    found = returns.windows(YEAR, today=TODAY)
    assert _rows()[:len(before)] == before  # every window the year had, the AMT's change kept
    assert ("Y11 October", 11, "projected", dt.date(2026, 10, 9), dt.date(2026, 10, 22)) in before
    sixth = [(w.name, w.kind, w.due) for w in found if w.year_group >= 12]
    expected = [(p.name, p.kind, p.due) for p in upgraded if p.year_group >= 12 and p.due >= TODAY]
    assert sixth == expected and [name for name, _, _ in sixth] == [
        "Y12 Autumn", "Y13 Autumn", "Y12 Spring", "Y13 Spring", "Y12 Summer"]
    calendar = AuditEntry.select().where(AuditEntry.action == "returns.calendar")
    assert calendar.count() == 1 and '"year_groups": [12, 13]' in calendar.get().detail
    assert returns.windows(YEAR, today=TODAY) == found  # once: nothing more is made or audited
    assert calendar.count() == 1 and len(_rows()) == len(before) + 5
