"""The calendar, settings and lookups in repo.school."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import AuditEntry
from amtui.db.repo import school


def test_half_terms_are_created_once_with_default_dates(opened):
    terms = school.half_terms(2026)
    assert [t.number for t in terms] == [1, 2, 3, 4, 5, 6]
    assert terms[0].label == "HT1 Autumn 1"
    assert school.half_terms(2026)[3].id == terms[3].id


@pytest.mark.parametrize(
    ("day", "number"),
    [(dt.date(2026, 9, 14), 1), (dt.date(2026, 11, 22), 2), (dt.date(2027, 1, 20), 3), (dt.date(2027, 7, 10), 6)],
)
def test_current_half_term_from_the_date(opened, day, number):
    current = school.current_half_term(day)
    assert current.number == number
    assert current.year == 2026


def test_settings_default_then_stored_and_audited(opened):
    assert school.load_settings().weekly_green_min == 21
    school.save_setting("weekly_green_min", "22", login="head")
    assert school.load_settings().weekly_green_min == 22
    assert AuditEntry.get(AuditEntry.action == "setting.change").login == "head"


def test_a_setting_that_breaks_the_others_is_refused(opened):
    with pytest.raises(ValueError):
        school.save_setting("weekly_yellow_min", "23", login="head")  # above green at 21
    with pytest.raises(ValueError, match="not a setting"):
        school.save_setting("colour_of_the_sky", "blue", login="head")
    assert school.load_settings().weekly_yellow_min == 15


def test_half_term_dates_can_be_edited_but_not_overlap(opened):
    terms = school.half_terms(2026)
    school.set_half_term_dates(2026, 2, terms[1].start, terms[1].end - dt.timedelta(days=1), "admin")
    assert school.half_terms(2026)[1].end == terms[1].end - dt.timedelta(days=1)
    with pytest.raises(ValueError, match="overlap"):
        school.set_half_term_dates(2026, 2, terms[0].end, terms[1].end, "admin")
