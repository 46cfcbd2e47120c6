"""A Year 11 mentee's meeting in the secondary demo, at 80x24: the preparation and evidence
steps check what a secondary school has (each subject's latest projected grade against
target, the subjects below it), not a primary school's criteria sheets, sub-stages or
weekly tests."""

from __future__ import annotations

import datetime as dt

from amtui.db.models import (
    AuditEntry, Meeting, MeetingCheck, MentorAssignment, Pupil, SelfAssessment, Staff, Target,
)
from amtui.db.repo.concerns import pupil_returns
from amtui.domain import agenda
from amtui.ui.app import AmtuiApp
from meeting_pilot import go_to_step, screen_text, settle, until_text

TODAY = dt.date(2026, 11, 30)
MENTOR = "dhughes"
PRIMARY_ONLY = ("Criteria sheets", "Crosses totalled", "Tracking has a baseline", "Big Maths",
                "Progress coloured", "Liaised with TAs", "no working stage", "Weekly tests",
                "No working stage")


def year11_mentees() -> list[int]:
    return [pid for (pid,) in MentorAssignment.select(MentorAssignment.pupil).join(Pupil)
            .switch(MentorAssignment).join(Staff)
            .where((Pupil.year_group == 11) & (Staff.username == MENTOR) & MentorAssignment.end.is_null())
            .order_by(Pupil.id).tuples()]


def meeting_app(demo, pupil_id: int) -> AmtuiApp:
    return AmtuiApp(demo, MENTOR, screen="meeting", today=TODAY, screen_args={"pupil_id": pupil_id})


def counts(pupil_id: int) -> tuple[int, ...]:
    """The meeting's records, and the audit entries other than opening it (which makes its row)."""
    return (MeetingCheck.select().count(), Target.select().where(Target.pupil == pupil_id).count(),
            SelfAssessment.select().count(),
            AuditEntry.select().where((AuditEntry.action != "meeting.open")).count())


async def test_a_year_11_mentees_preparation_lists_only_what_a_secondary_school_has(secondary_demo):
    pupil_id = year11_mentees()[0]
    before = counts(pupil_id)
    async with meeting_app(secondary_demo, pupil_id).run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "1. Preparation", "Latest progress return in every subject",
                                 "Every subject's return has a target", "Subjects below target discussed",
                                 "Liaised with the tutor, HoY", "Rewards, certificates",
                                 "Interventions reviewed")
        for primary in PRIMARY_ONLY:
            assert primary not in shown, primary
        assert "Attendance for this half-term" not in shown  # the school records no attitude
        await settle(pilot)
        meeting = Meeting.get(Meeting.pupil == pupil_id)
        assert meeting.started_at is None and meeting.step == 1
    assert counts(pupil_id) == before  # opening the agenda wrote no check, target or rating


async def test_a_year_11_mentees_evidence_shows_each_subjects_projected_grade_against_target(secondary_demo):
    pupil_id = year11_mentees()[1]
    returns = pupil_returns(pupil_id, 2026, TODAY)
    assert len(returns) >= 6 and any(r.below for r in returns)
    async with meeting_app(secondary_demo, pupil_id).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation", "Subjects below target discussed")
        await pilot.press("down", "down", "space")  # the mentor's own tick
        await settle(pilot)
        shown = await go_to_step(pilot, 3)
        below = sum(r.below for r in returns)
        shown = await until_text(pilot, f"{below} of {len(returns)} subjects below target")
        for r in returns:
            assert f"{r.subject[:11]:<11} {r.returned:>2}/{r.target:<2} {'below' if r.below else ''}".rstrip() in shown
        for primary in PRIMARY_ONLY + ("No attitude recorded",):
            assert primary not in shown, primary
        assert all(len(line) <= 80 for line in screen_text(pilot.app).splitlines())
    meeting = Meeting.get(Meeting.pupil == pupil_id)
    checks = {c.item: (c.done, c.note) for c in MeetingCheck.select().where(MeetingCheck.meeting == meeting)}
    # Starting the meeting kept what the data proved: the secondary checks, no primary one.
    assert set(checks) == {c.key for c in agenda.SECONDARY_CHECKS if c.auto or c.key == "concerns_discussed"} - {
        "attendance_figures"}
    assert checks["concerns_discussed"] == (True, "")
    assert checks["returns_in"] == (True, "") and checks["grades_targeted"] == (True, "")
    assert meeting.status == "in_progress"
