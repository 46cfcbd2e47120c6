"""The calendar, settings and lookups in repo.school."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from amtui.db.connection import write
from amtui.db.models import AuditEntry, Staff
from amtui.db.repo import school
from amtui.db.repo.staff import CurrentUser
from amtui.domain.permissions import NotAllowed
from amtui.domain.roles import Role, roles_text

HEAD = CurrentUser("head", 1, "Head", frozenset({Role.SLT}))
ADMIN = CurrentUser("admin", 2, "Admin", frozenset({Role.ADMIN}))
TEACHER = CurrentUser("teach", 3, "Teacher", frozenset({Role.TEACHER}))


@pytest.fixture(autouse=True)
def on_the_staff_list(opened):
    """HEAD, ADMIN and TEACHER on the staff list: a save weighs its person as the database
    holds them, not as the ``CurrentUser`` says."""
    write(lambda: [Staff.create(id=u.staff_id, username=u.login, name=u.name, roles=roles_text(u.roles))
                   for u in (HEAD, ADMIN, TEACHER)])


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
    assert school.save_setting(HEAD, "weekly_green_min", " 22 ") == "22"
    assert school.load_settings().weekly_green_min == 22
    entry = AuditEntry.get(AuditEntry.action == "setting.change")
    assert (entry.login, entry.entity_id) == ("head", "weekly_green_min")
    assert '"old": null' in entry.detail and '"value": "22"' in entry.detail


def test_only_slt_and_admin_change_settings(opened):
    with pytest.raises(NotAllowed, match="Only Senior leadership or Admin"):
        school.save_setting(TEACHER, "target_steps", "4")
    assert school.load_settings().target_steps == 3
    school.save_setting(ADMIN, "school_name", "Oak Primary")
    assert school.school_name() == "Oak Primary"
    with pytest.raises(ValueError, match="cannot be empty"):
        school.save_setting(ADMIN, "school_name", "  ")


@pytest.mark.parametrize("key, value, message", [
    ("target_steps", "40", "target_steps must be 1 to 12 (not 40)"),
    ("target_steps", "three", "'three' is not a valid whole number"),
    ("promotion_consecutive", "maybe", "is not a valid yes/no value"),
    ("attendance_green_min", "101", "attendance_green_min must be 0 to 100 (not 101"),
])
def test_a_bad_value_says_its_range_or_type(opened, key, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        school.save_setting(HEAD, key, value)
    assert school.stored_settings() == {}


def test_a_setting_that_breaks_the_others_is_refused(opened):
    with pytest.raises(ValueError):
        school.save_setting(HEAD, "weekly_yellow_min", "23")  # above green at 21
    with pytest.raises(ValueError, match="not a setting"):
        school.save_setting(HEAD, "colour_of_the_sky", "blue")
    assert school.load_settings().weekly_yellow_min == 15


def test_half_term_dates_can_be_edited_but_not_overlap(opened):
    terms = school.half_terms(2026)
    school.set_half_term_dates(ADMIN, 2026, 2, terms[1].start, terms[1].end - dt.timedelta(days=1))
    assert school.half_terms(2026)[1].end == terms[1].end - dt.timedelta(days=1)
    assert AuditEntry.get(AuditEntry.action == "calendar.dates").login == "admin"
    with pytest.raises(ValueError, match="overlap"):
        school.set_half_term_dates(ADMIN, 2026, 2, terms[0].end, terms[1].end)


@pytest.mark.parametrize("number, start, end, message", [
    (3, dt.date(2027, 1, 4), dt.date(2027, 1, 1), "HT3 would end .* before it starts"),
    (1, dt.date(2026, 8, 31), dt.date(2026, 10, 16), "HT1 .* is not within the academic year 2026-27"),
    (6, dt.date(2027, 6, 7), dt.date(2027, 9, 1), "HT6 .* is not within the academic year"),
    (4, dt.date(2027, 2, 10), dt.date(2027, 3, 19), "HT4 would start .* before HT3 ends"),
])
def test_half_term_dates_stay_in_order_and_inside_the_year(opened, number, start, end, message):
    before = school.half_terms(2026)
    with pytest.raises(ValueError, match=message):
        school.set_half_term_dates(HEAD, 2026, number, start, end)
    assert school.half_terms(2026) == before
    with pytest.raises(NotAllowed):
        school.set_half_term_dates(TEACHER, 2026, 3, before[2].start, before[2].end)
