"""Progress returns in the database: the calendar made on first need, a teacher's return,
its refusals, the head of department's check, the latest return and who has not returned."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amtui.db.models import AuditEntry, ProgressReturn, Pupil, ReturnWindow
from amtui.db.repo import returns, returns_read
from amtui.db.repo.staff import identify
from amtui.domain.errors import EntryRefused, InputRefused
from amtui.domain.permissions import NotAllowed
from tests.returns_school import TODAY, Y10, Y11, YEAR, open_now, seed_returns_school, subject_id, window


@pytest.fixture
def school(opened, tmp_path):
    seed_returns_school(tmp_path)
    return tmp_path


def pid(upn: str) -> int:
    return Pupil.get(Pupil.upn == upn).id


def stored(upn: str, name: str, subject: str = "Maths") -> ProgressReturn | None:
    return (ProgressReturn.select().join(ReturnWindow)
            .where((ProgressReturn.pupil == pid(upn)) & (ReturnWindow.name == name)
                   & (ProgressReturn.subject == subject_id(subject))).first())


def test_the_calendar_is_made_once_for_the_year_and_audited(school):
    first = returns.windows(YEAR)
    assert len(first) == 31 and returns.windows(YEAR) == first  # 26 for Years 7-11, 5 for Years 12-13
    assert ReturnWindow.select().count() == 31
    assert [(w.name, w.kind) for w in first if w.year_group == 12] == [
        ("Y12 Autumn", "projected"), ("Y12 Spring", "projected"), ("Y12 Summer", "final")]
    assert AuditEntry.select().where(AuditEntry.action == "returns.calendar").count() == 1


def test_a_teacher_returns_a_projected_grade_and_coursework_for_their_own_group(school):
    october = open_now("Y11 Now", 11)
    assert returns.save_return(identify("maths1"), october.id, pid(Y11[0]), subject_id("Maths"),
                               returns.Entry(projected="grade 6", coursework="5"), TODAY)
    row = stored(Y11[0], "Y11 Now")
    assert (row.projected, row.coursework, row.aob, row.staff.username) == ("6", "5", "", "maths1")
    assert AuditEntry.select().where(AuditEntry.action == "returns.enter").count() == 1
    # the same again changes nothing and writes no audit entry
    assert not returns.save_return(identify("maths1"), october.id, pid(Y11[0]), subject_id("Maths"),
                                   returns.Entry(projected="6", coursework="5"), TODAY)


@pytest.mark.parametrize("login, upn, subject, entry, error, match", [
    ("maths1", Y11[2], "Maths", returns.Entry(projected="6"), NotAllowed, "own teaching groups"),
    ("hist1", Y11[0], "Maths", returns.Entry(projected="6"), NotAllowed, "own teaching groups"),
    ("maths1", Y11[0], "Maths", returns.Entry(aob="A"), EntryRefused, "projected grade, not A, O or B"),
    ("maths1", Y11[0], "Maths", returns.Entry(projected="10"), InputRefused, "not a GCSE grade"),
    ("maths1", Y11[0], "Maths", returns.Entry(projected="5+"), InputRefused, "fine grade"),
    ("maths1", Y10[0], "Maths", returns.Entry(projected="5"), EntryRefused, "Year 10"),
])
def test_a_return_is_refused_with_the_reason_and_nothing_written(school, login, upn, subject, entry, error, match):
    october = open_now("Y11 Now", 11)
    with pytest.raises(error, match=match):
        returns.save_return(identify(login), october.id, pid(upn), subject_id(subject), entry, TODAY)
    assert ProgressReturn.select().count() == 0


def test_a_window_not_yet_open_refuses_a_return(school):
    later = max(returns.windows(YEAR), key=lambda w: w.opens)
    with pytest.raises(EntryRefused, match="opens on"):
        returns.save_return(identify("admin"), later.id, pid(Y11[0]), subject_id("Maths"),
                            returns.Entry(projected="5"), later.opens - timedelta(days=1))


def test_an_aob_window_takes_a_letter_and_refuses_a_grade(school):
    january = open_now("Y10 Now", 10)
    returns.save_return(identify("maths1"), january.id, pid(Y10[0]), subject_id("Maths"),
                        returns.Entry(aob="above"), TODAY)
    assert stored(Y10[0], "Y10 Now").aob == "A"
    with pytest.raises(EntryRefused, match="A, O or B, not a grade"):
        returns.save_return(identify("maths1"), january.id, pid(Y10[1]), subject_id("Maths"),
                            returns.Entry(projected="5"), TODAY)


def test_a_head_of_department_enters_for_any_group_of_their_subject_only(school):
    october = open_now("Y11 Now", 11)
    returns.save_return(identify("hodm"), october.id, pid(Y11[2]), subject_id("Maths"),
                        returns.Entry(projected="4"), TODAY)
    assert stored(Y11[2], "Y11 Now").projected == "4"
    with pytest.raises(NotAllowed):
        returns.save_return(identify("hodm"), october.id, pid(Y11[0]), subject_id("History"),
                            returns.Entry(projected="4"), TODAY)


def enter(login, upn, name, value, coursework=None):
    w = open_now(name, 11, due_in=0 if name == "Y11 Earlier" else 7)
    returns.save_return(identify(login), w.id, pid(upn), subject_id("Maths"),
                        returns.Entry(projected=value, coursework=coursework), TODAY)
    return stored(upn, name)


def test_the_head_of_department_approves_or_queries_and_the_teacher_answers(school):
    a = enter("maths1", Y11[0], "Y11 Now", "6")
    b = enter("maths1", Y11[1], "Y11 Now", "3")
    hod = identify("hodm")
    assert returns.approve(hod, [a.id]) == 1 and returns.approve(hod, [a.id]) == 0
    assert ProgressReturn.get_by_id(a.id).checked_by.username == "hodm"
    returns.query(hod, b.id, "  3 is two below her mocks:  check  ")
    queried = ProgressReturn.get_by_id(b.id)
    assert (queried.query, queried.queried_by.username, queried.checked_by) == (
        "3 is two below her mocks: check", "hodm", None)
    assert [q.pupil_id for q in returns_read.open_queries(identify("maths1"))] == [pid(Y11[1])]
    answered = enter("maths1", Y11[1], "Y11 Now", "4")
    assert (answered.projected, answered.query) == ("4", "")
    assert returns_read.open_queries(identify("maths1")) == []
    changed = enter("maths1", Y11[0], "Y11 Now", "7")
    assert changed.checked_by is None  # a changed grade is checked again


def test_the_check_is_refused_to_teachers_other_departments_and_without_a_note(school):
    a = enter("maths1", Y11[0], "Y11 Now", "6")
    with pytest.raises(NotAllowed):
        returns.approve(identify("maths1"), [a.id])
    with pytest.raises(InputRefused, match="needs a note"):
        returns.query(identify("hodm"), a.id, "  ")
    with pytest.raises(NotAllowed, match="own department"):
        returns.approve(identify("hodh"), [a.id])
    assert ProgressReturn.get_by_id(a.id).checked_by is None
    assert returns.approve(identify("admin"), [a.id]) == 1  # SLT checks any


def test_the_latest_return_is_the_latest_window_with_a_value(school):
    enter("maths1", Y11[0], "Y11 Earlier", "5")
    enter("maths1", Y11[0], "Y11 Now", "6", "4")
    latest = returns_read.latest_returns([pid(Y11[0])])
    found = latest[(pid(Y11[0]), subject_id("Maths"))]
    assert (found.window, found.projected, found.coursework, found.shown) == ("Y11 Now", "6", "4", "6 (cw 4)")
    before = returns_read.latest_returns([pid(Y11[0])], on=TODAY)  # "Y11 Now" is due next week
    assert before[(pid(Y11[0]), subject_id("Maths"))].projected == "5"


def test_a_groups_sheet_shows_target_last_return_and_this_one(school):
    enter("maths1", Y11[0], "Y11 Earlier", "5")
    november = open_now("Y11 Now", 11)
    group = next(g for g in returns_read.groups_for(identify("maths1"), november, YEAR) if g.name == "11A/Ma1")
    sheet = returns_read.return_sheet(november, group, YEAR, TODAY)
    assert [(r.name, r.target, r.last, r.this) for r in sheet.rows] == [
        ("Amy Ash", "7", "5", None), ("Ben Birch", "5", "", None)]
    assert [g.name for g in returns_read.groups_for(identify("maths1"), november, YEAR)] == ["11A/Ma1"]
    assert [g.name for g in returns_read.groups_for(identify("hodm"), november, YEAR)] == ["11A/Ma1", "11A/Ma2"]


def test_who_has_not_returned_by_subject_group_and_teacher(school):
    october = open_now("Y11 Now", 11)
    enter("maths1", Y11[0], "Y11 Now", "5")
    left = [(e.subject, e.group, e.teacher, e.name) for e in returns_read.missing(october, YEAR, TODAY)]
    assert left == [("History", "11A/Hi1", "Hal History", "Amy Ash"),
                    ("Maths", "11A/Ma1", "Mo Maths", "Ben Birch"),
                    ("Maths", "11A/Ma2", "Mia Sums", "Cal Cedar"), ("Maths", "11A/Ma2", "Mia Sums", "Dee Dale")]
    only_maths = returns_read.missing(october, YEAR, TODAY, [subject_id("Maths")])
    assert len(only_maths) == 3


def test_the_amt_changes_the_calendar_and_others_may_not(school):
    october = window("Y11 October")
    moved = returns.open_window(identify("amt1"), YEAR, "y11 october", 11, october.due + timedelta(days=3))
    assert (moved.id, moved.name, moved.due, moved.kind, moved.coursework) == (
        october.id, "Y11 October", october.due + timedelta(days=3), "projected", True)
    mock = returns.open_window(identify("amt1"), YEAR, "Y11 Mocks", 11, TODAY)
    assert (mock.kind, mock.coursework, mock.opens) == ("projected", True, TODAY - timedelta(days=14))
    with pytest.raises(NotAllowed):
        returns.open_window(identify("maths1"), YEAR, "Y11 X", 11, TODAY)
    for year_group in (6, 14):
        with pytest.raises(EntryRefused, match="Years 7-13"):
            returns.open_window(identify("amt1"), YEAR, f"Y{year_group} X", year_group, TODAY)
    assert AuditEntry.select().where(AuditEntry.action == "returns.window").count() == 2


def test_the_amt_changes_and_adds_the_sixth_forms_returns_as_the_others(school):
    autumn = window("Y13 Autumn")
    moved = returns.open_window(identify("amt1"), YEAR, "Y13 Autumn", 13, autumn.due - timedelta(days=7))
    assert (moved.id, moved.due, moved.kind, moved.coursework) == (
        autumn.id, autumn.due - timedelta(days=7), "projected", False)
    added = returns.open_window(identify("amt1"), YEAR, "Y12 Mocks", 12, TODAY)
    assert (added.year_group, added.kind, added.coursework) == (12, "projected", False)
    assert returns.open_window(identify("amt1"), YEAR, "Y10 Extra", 10, TODAY).kind == "aob"
    with pytest.raises(NotAllowed):
        returns.open_window(identify("maths1"), YEAR, "Y12 Mocks", 12, TODAY)
    assert AuditEntry.select().where(AuditEntry.action == "returns.window").count() == 3
