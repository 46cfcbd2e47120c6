"""The weekly sheet's line about a pupil fits 80 columns: figures take their short forms
before anything is cut ("... was at L3 · 0 of" no more)."""

from __future__ import annotations

import datetime as dt

from amtui.db.repo.school import ClassInfo
from amtui.db.repo.weekly import SheetRow, Sitting, WeeklySheet
from amtui.domain.score_entry import SchoolWeek
from amtui.domain.settings import Settings
from amtui.ui.screens.weekly.cells import detail_text

MONDAY = dt.date(2026, 11, 30)
SHEET = WeeklySheet(ClassInfo(1, "Elm", 4, 30), SchoolWeek(MONDAY), True, Settings(), ())


def row(name: str, **changes) -> SheetRow:
    forename, surname = name.split(" ", 1)
    fields = dict(pupil_id=1, forename=forename, surname=surname, class_id=1, level="Level 4",
                  level_since=dt.date(2026, 11, 23), test=3, earlier=(), greens=0, due=None,
                  this_week=Sitting(1, MONDAY, "Level 3", 3, 22))
    return SheetRow(**{**fields, **changes})


def test_a_long_name_moved_up_this_week_keeps_every_figure_within_80_columns():
    line = detail_text(row("Anna-Maria Kowalska-Fitzgerald"), SHEET, 80)
    assert line == "Anna-Maria Kowalska-Fitzgerald · L4 since 23 Nov · T3* at L3 · 0 of 4 in a row"


def test_a_wider_terminal_keeps_the_long_forms():
    assert detail_text(row("Ann Ash"), SHEET, 100) == \
        "Ann Ash · Level 4 since 23 Nov · this week's T3* was at L3 · 0 of 4 greens in a row"


def test_a_line_that_fits_keeps_the_long_forms_and_a_move_up_proposed_fits_too():
    assert detail_text(row("Ann Ash", this_week=None), SHEET, 80) == \
        "Ann Ash · Level 4 since 23 Nov · test 3 · 0 of 4 greens in a row"
    line = detail_text(row("Anna-Maria Kowalska-Fitzgerald", greens=4, due="Level 5", this_week=None), SHEET, 80)
    assert len(line) <= 80 and line.endswith("4 in a row at L4: move up to L5? p confirms")
