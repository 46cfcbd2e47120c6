"""Attitude in the database: ratings, attendance coloured by the settings, locks, the import."""

from __future__ import annotations

import pytest

from amtui.db.connection import write
from amtui.db.models import AttitudeRecord, AuditEntry, HalfTerm, SchoolSetting, Staff
from amtui.db.repo import attitude, school, staff
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.ryg import RYG
from amtui.imports import ImportFailed
from amtui.imports.runner import run
from pupil_school import build


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    write(lambda: Staff.create(username="admin", name="Ann Admin", roles="admin"))
    yield school_, extras
    school_.opened.db.close()


def record(pupil: int, half_term: int, aspect: str) -> tuple:
    row = AttitudeRecord.get_or_none(pupil=pupil, half_term=half_term, aspect=aspect)
    return (row.rating, row.percent) if row else None


def test_parse_percent():
    assert attitude.parse_percent(" 96.54% ") == 96.5 and attitude.parse_percent("100") == 100.0
    for bad, message in (("ninety", "not a percentage"), ("101", "outside 0 to 100"), ("nan", "outside")):
        with pytest.raises(ValueError, match=message):
            attitude.parse_percent(bad)


def test_class_sheet_and_saving_ratings_and_attendance(made):
    made_school, _ = made
    ht4 = school.half_term(made_school.start_year, 4)
    zoe, teacher = made_school.pupils["Zoë O'Neill"], staff.identify("tester")
    sheet = attitude.class_attitude(made_school.classes["4B"], ht4)
    assert [p.surname for p in sheet.pupils] == ["Ash", "Brown", "Cole", "Doyle", "O'Neill"]  # no leaver
    assert sheet.cell(zoe, "behaviour") == attitude.EMPTY
    assert attitude.save_rating(teacher, ht4, zoe, "behaviour", RYG.YELLOW).rating is RYG.YELLOW
    cell = attitude.save_attendance(teacher, ht4, zoe, 95.9)
    assert cell.rating is RYG.YELLOW and cell.text == "95.9%"  # yellow 90-95.9 (settings)
    assert record(zoe, ht4.id, "attendance") == ("Y", 95.9)
    attitude.save_rating(teacher, ht4, zoe, "behaviour", None)
    assert record(zoe, ht4.id, "behaviour") == ("", None)
    assert AuditEntry.select().where(AuditEntry.action == "attitude.set").count() == 3
    with pytest.raises(UserFacingError, match="not rated by hand"):
        attitude.save_rating(teacher, ht4, zoe, "attendance", RYG.GREEN)


def test_attendance_colour_follows_the_settings(made):
    made_school, _ = made
    ht4 = school.half_term(made_school.start_year, 4)
    zoe = made_school.pupils["Zoë O'Neill"]
    attitude.save_attendance(staff.identify("tester"), ht4, zoe, 95.0)
    assert attitude.class_attitude(made_school.classes["4B"], ht4).cell(zoe, "attendance").rating is RYG.YELLOW
    write(lambda: SchoolSetting.create(key="attendance_green_min", value="95"))
    assert attitude.class_attitude(made_school.classes["4B"], ht4).cell(zoe, "attendance").rating is RYG.GREEN


def test_refused_outside_the_class_and_in_a_locked_half_term_unless_slt(made):
    made_school, _ = made
    ht3 = school.half_term(made_school.start_year, 3)
    zoe, ella = made_school.pupils["Zoë O'Neill"], made_school.pupils["Ella Evans"]
    with pytest.raises(NotAllowed, match="only for your own classes"):
        attitude.save_rating(staff.identify("tester"), ht3, ella, "effort", RYG.GREEN)
    write(lambda: HalfTerm.update(locked_at=HalfTerm.start, lock_reason="reports sent").where(
        HalfTerm.id == ht3.id).execute())
    with pytest.raises(NotAllowed, match="HT3 is locked by SLT \\(reports sent\\)"):
        attitude.save_rating(staff.identify("tester"), ht3, zoe, "effort", RYG.RED)
    assert record(zoe, ht3.id, "effort") == ("G", None)
    attitude.save_rating(staff.identify("head"), ht3, zoe, "effort", RYG.RED)  # SLT may
    assert record(zoe, ht3.id, "effort") == ("R", None)


def test_a_pupils_record_with_last_year_in_one_column(made):
    made_school, _ = made
    record_ = attitude.pupil_attitude(made_school.pupils["Zoë O'Neill"], made_school.start_year)
    assert record_.at(2, "attendance").percent == 93.5 and record_.at(2, "homework").rating is RYG.RED
    assert record_.at(5, "effort") == attitude.EMPTY
    # Last year: mean attendance 95.5 + (0.5 .. 3.0) -> 96.75 -> 96.8 (green); the commonest rating.
    assert record_.last_year["attendance"].percent == 96.8 and record_.last_year["attendance"].rating is RYG.GREEN
    assert record_.last_year["effort"].rating is RYG.YELLOW and record_.last_year["uniform"].rating is RYG.GREEN


def test_import_attendance_from_the_mis(made, tmp_path):
    made_school, _ = made
    zoe, adam = made_school.pupils["Zoë O'Neill"], made_school.pupils["Adam Ash"]
    ht = {n: school.half_term(made_school.start_year, n).id for n in (1, 2, 4)}
    good = tmp_path / "attendance.csv"
    good.write_text("UPN,Half Term,Percent\nX011000000001,HT4,91.25\nL011000000002,1,99%\nX011000000001,2,93.5\n")
    result = run("attendance", good, "admin", today=made_school.today)
    assert (result.created, result.updated) == (2, 0)  # Zoë's HT2 93.5 is already recorded
    assert result.summary.endswith("2 new, 0 updated, 1 unchanged.")
    assert record(zoe, ht[4], "attendance") == ("Y", 91.2)
    assert record(adam, ht[1], "attendance") == ("G", 99.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("upn,half_term,percent\nX011000000001,HT7,90\nD011000000005,3,abc\nB999999999999,3,90\n")
    with pytest.raises(ImportFailed) as failed:
        run("attendance", bad, "admin", today=made_school.today)
    message = str(failed.value)
    assert "bad.csv:2: half_term: 'HT7' is not a half-term" in message
    assert "bad.csv:3: percent: 'abc' is not a percentage" in message
    assert "Nothing was imported." in message
    assert record(zoe, ht[4], "attendance") == ("Y", 91.2)


def test_the_sheets_list_the_class_and_its_teachers_on_the_screens_day_not_the_real_date(made):
    """The app's today decides who is in a class and who teaches it, not the machine's clock."""
    import datetime as dt

    from amtui.db.models import ClassStaff
    from amtui.db.repo import halfterm, membership

    made_school, _ = made
    day = made_school.today  # two days into HT4; the machine's date may be any other
    ht = school.current_half_term(day)
    moved_on = day - dt.timedelta(days=1)
    membership.move_pupil(staff.identify("admin"), "D011000000005", "4B", ht.start - dt.timedelta(days=30))
    membership.move_pupil(staff.identify("admin"), "D011000000005", "6R", moved_on)
    tester, smith = (Staff.get(Staff.username == login).id for login in ("tester", "jsmith"))

    def swap() -> None:  # from the same day Jo teaches 4B
        ClassStaff.update(end=moved_on).where(ClassStaff.staff == tester).execute()
        ClassStaff.create(school_class=made_school.classes["4B"], staff=smith, start=moved_on)

    write(swap)
    four_b = made_school.classes["4B"]
    sheet = attitude.class_attitude(four_b, ht, day)
    assert "Doyle" not in [p.surname for p in sheet.pupils] and smith in sheet.teachers
    assert tester not in sheet.teachers
    before = attitude.class_attitude(four_b, ht, ht.start)
    assert "Doyle" in [p.surname for p in before.pupils] and before.teachers == {tester}
    test = halfterm.find_test_sheet(four_b, None, "Maths", ht.number, None, day)
    assert not isinstance(test, str) and test.teachers == {smith}
    assert halfterm.find_test_sheet(four_b, None, "Maths", ht.number, None, ht.start).teachers == {tester}
