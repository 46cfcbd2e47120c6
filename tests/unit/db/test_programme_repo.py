"""The programme's members and the AMT's review, checked in the database."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import read
from amtui.db.models import AuditEntry, MentorAssignment, ProgrammeMembership
from amtui.db.repo import concerns as review
from amtui.db.repo import programme
from amtui.db.repo.staff import identify
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.programme import ALREADY_IDENTIFIED, Kind
from tests import programme_school as ps


@pytest.fixture
def school(tmp_path):
    made = ps.build(tmp_path / "school.db")
    yield made
    made.opened.db.close()


def user(login):
    return identify(login)


def test_the_review_lists_three_below_not_two_nor_equal_with_reasons(school):
    found = {c.upn: c for c in review.concerns(school.start_year, school.today, threshold=3)}
    assert set(found) == {"W101000000001", "D104000000004", "E105000000005"}
    assert found["W101000000001"].reason == "3 subjects below target"
    assert found["W101000000001"].subjects_below == ("English", "Maths", "Science")
    assert found["D104000000004"].reason == "Year 10 causing concern: 3 subjects below target"
    assert found["E105000000005"].reason == "Year 9 causing concern: 4 subjects below target"


def test_the_review_of_a_named_return_and_the_setting(school):
    named = review.concerns(school.start_year, school.today, 3, return_name="Y11 October")
    assert [c.upn for c in named] == ["W101000000001"]
    assert {c.upn for c in review.concerns(school.start_year, school.today, 2, "Y11 October")} == {
        "W101000000001", "P102000000002"}
    with pytest.raises(UserFacingError, match="no return called 'Y12 June'"):
        review.concerns(school.start_year, school.today, 3, return_name="Y12 June")


def test_putting_a_pupil_on_the_programme_with_a_mentor(school):
    amy, mentor = school.pupils["Amy Ash"], school.staff[ps.MENTOR_LOGIN]
    new = programme.put_on(user(ps.AMT_LOGIN), amy, Kind.PROGRAMME, "3 subjects below target", school.today,
                           mentor_id=mentor)
    row = read(lambda: ProgrammeMembership.get_by_id(new))
    assert (row.pupil_id, row.kind, row.joined, row.join_reason, row.left, row.until) == (
        amy, "programme", school.today, "3 subjects below target", None, None)
    assert read(lambda: MentorAssignment.get((MentorAssignment.pupil == amy)
                                             & MentorAssignment.end.is_null()).mentor_id) == mentor
    actions = read(lambda: [a for (a,) in AuditEntry.select(AuditEntry.action)
                            .where(AuditEntry.pupil == amy).tuples()])
    assert actions[-2:] == ["programme.join", "mentor.change"]
    # a second press changes nothing; the pupil is listed as a member with the mentor
    assert programme.put_on(user(ps.AMT_LOGIN), amy, Kind.PROGRAMME, "again", school.today, mentor) is None
    assert [(m.upn, m.mentor, m.reason) for m in programme.members(school.today)] == [
        ("W101000000001", "Meg Mentor", "3 subjects below target")]
    concern = next(c for c in review.concerns(school.start_year, school.today, 3) if c.pupil_id == amy)
    assert concern.status == "On the programme" and concern.mentor == "Meg Mentor"


def test_a_year_9_pupil_joins_until_the_end_of_the_year_and_then_drops_off(school):
    eve = school.pupils["Eve Elm"]
    programme.put_on(user(ps.AMT_LOGIN), eve, "programme", "Year 9 causing concern", school.today,
                     mentor_id=school.staff[ps.MENTOR_LOGIN])
    end = dt.date(school.start_year + 1, 8, 31)
    assert [m.until for m in programme.members(school.today)] == [end]
    assert programme.members(end + dt.timedelta(days=1)) == []


def test_leaving_keeps_the_history_and_a_pupil_already_identified_stays_on_the_list(school):
    cal = school.pupils["Cal Cedar"]
    new = programme.put_on(user("head"), cal, Kind.HOY, "Attendance slipping", school.today)
    assert next(c for c in review.concerns(school.start_year, school.today, 3)
                if c.pupil_id == cal).reason == ALREADY_IDENTIFIED
    later = school.today + dt.timedelta(days=30)
    programme.take_off(user("head"), new, "Back on track", later)
    assert [(s.kind, s.left, s.leave_reason) for s in programme.history(cal)] == [(Kind.HOY, later, "Back on track")]
    assert cal not in {c.pupil_id for c in review.concerns(school.start_year, later, 3)}
    with pytest.raises(UserFacingError, match="already left"):
        programme.take_off(user("head"), new, "Again", later)


def test_refusals(school):
    amy = school.pupils["Amy Ash"]
    with pytest.raises(NotAllowed):
        programme.put_on(user(ps.TEACHER_LOGIN), amy, Kind.HOY, "why", school.today)
    with pytest.raises(UserFacingError, match="Pick a mentor"):
        programme.put_on(user(ps.AMT_LOGIN), amy, Kind.PROGRAMME, "why", school.today)
    with pytest.raises(UserFacingError, match="Say why"):
        programme.put_on(user(ps.AMT_LOGIN), amy, Kind.HOD, "  ", school.today)
    assert read(lambda: ProgrammeMembership.select().count()) == 0


def test_the_whole_of_year_10_joins_from_may_once(school):
    may = dt.date(school.start_year + 1, 5, 3)
    with pytest.raises(UserFacingError, match="from May"):
        programme.join_whole_year_10(user(ps.AMT_LOGIN), dt.date(school.start_year, 11, 20), True)
    assert programme.join_whole_year_10(user(ps.AMT_LOGIN), may, True) == 1
    assert programme.join_whole_year_10(user(ps.AMT_LOGIN), may, True) == 0
    assert [(m.upn, m.reason) for m in programme.members(may)] == [("D104000000004", "the whole of Year 10 joins from May")]


def test_the_department_sees_its_pupils_below_target_by_group_and_only_heads_record_interviews(school):
    from amtui.db.repo import year_views

    below = year_views.department_below(school.subjects["Maths"], school.start_year, school.today)
    assert [(b.group, b.name, b.returned, b.target) for b in below] == [
        ("11X/Ma1", "Amy Ash", "4", "6"), ("11X/Ma1", "Ben Birch", "5", "6")]
    assert year_views.department_below(school.subjects["History"], school.start_year, school.today) == []
    amy = school.pupils["Amy Ash"]
    with pytest.raises(NotAllowed):
        year_views.arrange_interview(user(ps.TEACHER_LOGIN), amy, "3 below", school.today, "Mrs Ash")
    with pytest.raises(UserFacingError, match="whom"):
        year_views.arrange_interview(user(ps.HOY_LOGIN), amy, "3 below", school.today, " ")
    made = year_views.arrange_interview(user(ps.HOY_LOGIN), amy, "3 below", school.today, "Mrs Ash")
    assert year_views.interviews([amy])[amy].text == f"{school.today:%d/%m} with Mrs Ash"
    year_views.record_outcome(user(ps.HOY_LOGIN), made, "Homework club")
    assert year_views.interviews([amy])[amy].text.endswith(": Homework club")


def test_a_members_meeting_shows_each_subjects_latest_return_against_its_target(school):
    from amtui.db.repo import meetings
    from amtui.db.repo.meeting_agenda import load_agenda
    from amtui.ui.screens.meeting.review import subjects_text

    amy, mentor = school.pupils["Amy Ash"], school.staff[ps.MENTOR_LOGIN]
    programme.put_on(user(ps.AMT_LOGIN), amy, Kind.PROGRAMME, "3 subjects below target", school.today, mentor)
    meeting = meetings.open_meeting(user(ps.MENTOR_LOGIN), amy, school.today)
    agenda = load_agenda(user(ps.MENTOR_LOGIN), meeting, school.today)
    assert [(r.subject, r.returned, r.target, r.below) for r in agenda.returns] == [
        ("English", "4", "6", True), ("French", "6", "6", False), ("History", "6", "6", False),
        ("Maths", "4", "6", True), ("Science", "4", "6", True)]
    shown = subjects_text(agenda).plain
    words = " ".join(shown.split())  # laid out in columns: the words in reading order
    assert "Latest return" in words and words.count("4/6 below") == 3
    assert "Maths 4/6 below" in words and "French 6/6 History 6/6 Maths" in words  # on target: not below


def test_ks3_projected_levels_count_below_their_target_levels_in_the_review_and_the_department(school):
    from amtui.db.connection import write
    from amtui.db.models import (
        AcademicYear, GroupMembership, LongTermTarget, ProgressReturn, Pupil, ReturnWindow, SchoolClass,
    )
    from amtui.db.repo.year_views import department_below

    levels = ("St 6 Securing", "St 6 Developing", "St 5 Ready", "St 7 Ready", "St 7 Emerging")  # 3 below St 7 Ready

    def add() -> None:
        year = AcademicYear.get(AcademicYear.start_year == school.start_year)
        window = ReturnWindow.create(academic_year=year, name="Y8 March", year_group=8, kind="projected",
                                     coursework=False, opens=school.today - dt.timedelta(days=3),
                                     due=school.today + dt.timedelta(days=3))
        for upn, forename, returned in (("F108000000006", "Fay", levels), ("G108000000007", "Gus", (levels[3],) * 5)):
            pupil = Pupil.create(upn=upn, forename=forename, surname="Fir", year_group=8)
            for subject, level in zip(ps.SUBJECTS, returned, strict=True):
                ProgressReturn.create(window=window, pupil=pupil, subject=school.subjects[subject],
                                      staff=school.staff[ps.TEACHER_LOGIN], projected=level)
                LongTermTarget.create(pupil=pupil, subject=school.subjects[subject], academic_year=year,
                                      kind="year", substage="St 7 Ready")
            group = SchoolClass.get_or_create(name="8X/Ma1", year_group=8, academic_year=year,
                                              subject=school.subjects["Maths"])[0]
            GroupMembership.create(pupil=pupil, group=group)

    write(add)
    found = {c.upn: c for c in review.concerns(school.start_year, school.today, 3, return_name="Y8 March")}
    assert set(found) == {"F108000000006"}  # Gus's levels are on or above target
    assert found["F108000000006"].reason == "3 subjects below target"
    assert found["F108000000006"].subjects_below == ("English", "Maths", "Science")
    below = department_below(school.subjects["Maths"], school.start_year, school.today)
    assert [(b.group, b.name, b.returned, b.target) for b in below if b.group == "8X/Ma1"] == [
        ("8X/Ma1", "Fay Fir", "St 6 Developing", "St 7 Ready")]
