"""A meeting through the repository: open, prepare, walk, finish, amend; with permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import (
    AuditEntry, InterventionAssignment, InterventionCriterion, Meeting, MeetingCheck, MeetingFollowUp,
    SelfAssessment, Target,
)
from amtui.db.repo import meeting_interventions as mi
from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meeting_agenda import load_agenda
from amtui.db.repo.meetings import mentees, open_meeting, schedule
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed

from meeting_school import CANDIDATES


def at(school, hour, minute=0):
    return dt.datetime.combine(school.today, dt.time(hour, minute))


def test_opening_creates_a_meeting_and_reopening_resumes_it(school, tester, zoe):
    first = open_meeting(tester, zoe, school.today)
    saves.set_step(tester, first, 2, at(school, 9))
    assert open_meeting(tester, zoe, school.today) == first
    row = Meeting.get_by_id(first)
    assert (row.status, row.step, row.started_at, row.mentor_id) == ("scheduled", 2, None, tester.staff_id)


def test_preparation_ticks_what_the_data_proves_and_shows_what_is_missing(school, tester, zoe):
    agenda = load_agenda(tester, open_meeting(tester, zoe, school.today), school.today)
    checks = {c.item.key: c for c in agenda.checks}
    assert checks["attendance_figures"].done
    assert checks["latest_assessments"].done  # HT4 codes in Reading and Maths
    assert checks["tracking_updated"].done and checks["substage_assigned"].done
    assert not checks["interventions_reviewed"].done
    assert checks["interventions_reviewed"].missing.startswith("Big Maths (ended")
    assert not checks["liaised_with_tas"].done and not checks["liaised_with_tas"].item.auto
    adam = load_agenda(tester, open_meeting(tester, school.pupils["Adam Ash"], school.today), school.today)
    checks = {c.item.key: c for c in adam.checks}
    assert checks["latest_assessments"].missing == "Reading: no codes recorded in HT4 yet"
    assert checks["attendance_figures"].missing == "no attendance percentage for HT4"
    assert checks["interventions_reviewed"].done


def test_candidates_are_exactly_the_pupils_line_criteria(school, tester, zoe):
    agenda = load_agenda(tester, open_meeting(tester, zoe, school.today), school.today)
    assert sorted(c.ref for c in agenda.candidates) == CANDIDATES
    assert not any(c.chosen or c.already for c in agenda.candidates)


def test_targets_are_never_chosen_before_the_meeting_starts(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    agenda = load_agenda(tester, meeting, school.today)
    line = agenda.candidates[0].criterion_id
    with pytest.raises(NotAllowed, match="move on to Evidence"):
        saves.choose_target(tester, meeting, line)
    assert not Target.select().where(Target.meeting == meeting).exists()


def test_only_line_criteria_can_become_targets(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_step(tester, meeting, 3, at(school, 10))
    crossed = Target.get_by_id(school.ids["target_r14"]).criterion_id  # R2/14 is X
    with pytest.raises(UserFacingError, match="only criteria the pupil has at /|Only criteria"):
        saves.choose_target(tester, meeting, crossed)


def test_a_whole_meeting_is_recorded(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_check(tester, meeting, "liaised_with_tas", True)
    agenda = load_agenda(tester, meeting, school.today)
    homework = school.ids["target_homework"]
    saves.set_self_assessment(tester, meeting, homework, rating="R", comment="I forget it.")
    started = saves.set_step(tester, meeting, 3, at(school, 10, 2),
                             checks={c.item.key: (c.done, c.missing) for c in agenda.checks if c.item.auto})
    assert started == at(school, 10, 2)
    saves.review_target(tester, meeting, school.ids["target_m5"], "dropped")
    saves.set_text(tester, meeting, "barriers", "Tired in the mornings.")
    chosen = {c.ref: c for c in agenda.candidates}
    r16 = saves.choose_target(tester, meeting, chosen["R2/16"].criterion_id)
    saves.choose_target(tester, meeting, chosen["M2/10"].criterion_id)
    saves.remove_target(tester, meeting, r16)
    saves.set_personal_target(tester, meeting, "punctuality", "In class before 8:50.")
    big_maths = next(a for a in agenda.assignments if a.intervention == "Big Maths")
    mi.end_intervention(tester, meeting, big_maths.id, school.today, "St 2 Emerging", "Some gain.")
    lrc = next(i for i in agenda.bank if i.name == "LRC small group support")
    added = mi.add_intervention(tester, meeting, lrc.id, school.today, None, "St 2 Emerging",
                                   aims=[chosen["M2/10"].criterion_id])
    mi.update_assignment(tester, meeting, added, staff_id=school.staff["jsmith"],
                            until=school.today + dt.timedelta(days=40))
    saves.set_follow_up(tester, meeting, "parents", "Phone home about mornings.")
    saves.set_follow_up(tester, meeting, "slt", "")
    saves.set_text(tester, meeting, "summary", "Reading strong; maths needs lines to crosses.")
    with pytest.raises(UserFacingError, match="outcome.*next meeting"):
        saves.finish(tester, meeting, school.today, at(school, 10, 20))
    saves.set_text(tester, meeting, "outcome", "Targets agreed; LRC group twice a week.")
    next_on = school.today + dt.timedelta(days=35)
    saves.set_next_meeting(tester, meeting, next_on)
    booked = saves.finish(tester, meeting, school.today, at(school, 10, 21))

    row = Meeting.get_by_id(meeting)
    assert (row.status, row.step, row.started_at, row.ended_at) == (
        "done", 8, at(school, 10, 2), at(school, 10, 21))
    assert row.barriers == "Tired in the mornings." and row.outcome.startswith("Targets agreed")
    assert row.next_meeting_on == next_on
    assert Meeting.get_by_id(booked).scheduled_for == dt.datetime.combine(next_on, dt.time())
    checks = {c.item: (c.done, c.note) for c in MeetingCheck.select().where(MeetingCheck.meeting == meeting)}
    assert checks["liaised_with_tas"] == (True, "")
    assert checks["attendance_figures"][0] is True and checks["interventions_reviewed"][0] is False
    assert [(s.rating, s.comment) for s in SelfAssessment.select().where(SelfAssessment.meeting == meeting)] == [
        ("R", "I forget it.")]
    new = {(t.kind, t.criterion_id, t.aspect): t for t in Target.select().where(Target.meeting == meeting)}
    assert set(new) == {("medium", chosen["M2/10"].criterion_id, ""), ("personal", None, "punctuality")}
    assert Target.get_by_id(school.ids["target_r14"]).status == "achieved"  # the evidence: now X
    assert Target.get_by_id(school.ids["target_m5"]).status == "dropped"
    ended = InterventionAssignment.get_by_id(big_maths.id)
    # It was planned to end yesterday: recording its outcome today keeps that end.
    assert (ended.end, ended.end_substage, ended.review) == (
        school.today - dt.timedelta(days=1), "St 2 Emerging", "Some gain.")
    new_lrc = InterventionAssignment.get_by_id(added)
    assert (new_lrc.staff_id, new_lrc.meeting_id, new_lrc.end) == (
        school.staff["jsmith"], meeting, school.today + dt.timedelta(days=40))
    assert [c.criterion_id for c in InterventionCriterion.select().where(
        InterventionCriterion.assignment == added)] == [chosen["M2/10"].criterion_id]
    assert dict(MeetingFollowUp.select(MeetingFollowUp.kind, MeetingFollowUp.note)
                .where(MeetingFollowUp.meeting == meeting).tuples()) == {"parents": "Phone home about mornings."}
    actions = [a for (a,) in AuditEntry.select(AuditEntry.action).where(
        AuditEntry.entity_id == str(meeting)).order_by(AuditEntry.id).tuples()]
    assert actions[0] == "meeting.open" and actions[-1] == "meeting.finish"
    assert "meeting.target_add" in actions and "meeting.self_assessment" in actions

    # The next meeting shows in the mentor's list as booked.
    row = next(m for m in mentees(tester.staff_id, school.today) if m.pupil_id == zoe)
    assert row.booked == dt.datetime.combine(next_on, dt.time())


def test_a_finished_meeting_changes_only_as_an_audited_amendment(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_step(tester, meeting, 3, at(school, 10))
    saves.set_text(tester, meeting, "outcome", "Agreed.")
    saves.set_next_meeting(tester, meeting, school.today + dt.timedelta(days=30))
    saves.finish(tester, meeting, school.today, at(school, 10, 15))
    with pytest.raises(NotAllowed, match="finished"):
        saves.set_text(tester, meeting, "summary", "later")
    with pytest.raises(UserFacingError, match="why"):
        saves.start_amendment(tester, meeting, " ")
    saves.start_amendment(tester, meeting, "Typo in the summary.")
    saves.set_text(tester, meeting, "summary", "Corrected.", amending=True)
    assert Meeting.get_by_id(meeting).summary == "Corrected."
    entries = list(AuditEntry.select().where(AuditEntry.entity_id == str(meeting)).order_by(AuditEntry.id))
    assert [e.action for e in entries[-2:]] == ["meeting.amend.amend", "meeting.amend.summary"]
    assert "Typo in the summary." in entries[-2].detail
    # A teacher who is not the mentor may not amend it.
    with pytest.raises(NotAllowed):
        saves.set_text(identify("jsmith"), meeting, "summary", "x", amending=True)


def test_who_may_run_a_meeting(school, zoe):
    with pytest.raises(NotAllowed, match="Only Mentor"):  # Dara has no meeting to look at
        open_meeting(identify("jsmith"), school.pupils["Dara Doyle"], school.today)
    head = identify("head")
    meeting = open_meeting(head, zoe, school.today)  # SLT may run any pupil's meeting
    assert load_agenda(head, meeting, school.today).meeting.may_edit


def test_a_teacher_sees_the_last_finished_meeting_read_only(school, tester, zoe):
    ht3 = school.ids["ht3_meeting"]
    Meeting.update(mentor=school.staff["jsmith"]).where(Meeting.id == ht3).execute()
    smith = identify("jsmith")
    assert open_meeting(smith, zoe, school.today) == ht3
    view = load_agenda(smith, ht3, school.today)
    assert not view.meeting.may_edit and view.meeting.done
    assert view.meeting.may_amend is False and "Only" in view.meeting.refusal or view.meeting.refusal


def test_booking_and_the_mentor_list_order(school, tester):
    rows = mentees(tester.staff_id, school.today)
    assert [r.name for r in rows] == ["Adam Ash", "Callum Cole", "Zoë O'Neill"]
    assert rows[0].due.overdue and not rows[2].due.overdue
    when = dt.datetime.combine(school.today + dt.timedelta(days=3), dt.time(10, 30))
    first = schedule(tester, school.pupils["Callum Cole"], when)
    assert schedule(tester, school.pupils["Callum Cole"], when + dt.timedelta(days=1)) == first
    callum = next(r for r in mentees(tester.staff_id, school.today) if r.name == "Callum Cole")
    assert callum.booked == when + dt.timedelta(days=1)
    with pytest.raises(NotAllowed):
        schedule(identify("jsmith"), school.pupils["Callum Cole"], when)


def test_evidence_beside_the_self_assessment(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_self_assessment(tester, meeting, school.ids["target_r14"], rating="G")
    agenda = load_agenda(tester, meeting, school.today)
    targets = {t.ref: t for t in agenda.targets}
    assert set(targets) == {"R2/14", "M2/5", "homework"}
    assert targets["R2/14"].code is Code.CROSS and targets["R2/14"].crossed and targets["R2/14"].rating == "G"
    assert targets["M2/5"].code is Code.BLANK and targets["M2/5"].code_set_in == ""
    assert agenda.attitude["attendance"] == ("Y", 95.5) and agenda.attitude["homework"][0] == "R"
    assert agenda.weekly is not None and agenda.weekly.last3 == (14, 19, 23)


def test_a_personal_target_identical_to_one_already_open_is_refused(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_step(tester, meeting, 3, at(school, 10))
    with pytest.raises(UserFacingError, match="already has this target open"):
        saves.set_personal_target(tester, meeting, "homework", "hand in homework on time.")
    assert not Target.select().where((Target.meeting == meeting) & (Target.kind == "personal")).exists()
    saves.set_personal_target(tester, meeting, "homework", "Hand in homework every Friday.")
    assert Target.select().where(Target.meeting == meeting).count() == 1
