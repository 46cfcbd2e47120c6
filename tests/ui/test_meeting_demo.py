"""A whole mentoring meeting for a demo pupil, walked with the keyboard at 80x24; every
outcome is then checked in the database (and on the screen as it goes)."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import (
    AuditEntry, Criterion, CriterionMark, InterventionAssignment, InterventionCriterion, Meeting,
    MeetingCheck, MeetingFollowUp, SelfAssessment, Target, WorkingStage,
)
from amtui.db.repo import school as school_repo
from amtui.db.repo import tracking
from amtui.domain import agenda
from amtui.domain.codes import Code, MarkEntry, effective_code
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.meeting.meeting import MeetingScreen
from built_schools import demo_school, opened_copy
from meeting_pilot import go_to_step, settle, type_text, until_text

TODAY = dt.date(2026, 11, 22)  # a Sunday in HT2 of 2026-27 (the demo's own date)
LOGIN = "tester"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return demo_school(tmp_path_factory, TODAY, LOGIN)[0]  # built once in the run


@pytest.fixture
def demo(demo_file, tmp_path):
    opened = opened_copy(demo_file, tmp_path)  # each test changes its own copy
    yield opened
    opened.db.close()


def line_criteria(pupil_id: int) -> set[str]:
    """The pupil's "/" criteria in their working-stage banks, counted straight from the
    mark history (independently of the agenda's own query)."""
    ht = school_repo.current_half_term(TODAY)
    ordinals = tracking.half_term_ordinals()
    stages = {(s.subject_id, s.stage) for s in WorkingStage.select().where(WorkingStage.pupil == pupil_id)
              .order_by(WorkingStage.set_at, WorkingStage.id)}
    latest = {}
    for subject, stage in stages:
        latest[subject] = stage  # newest last
    history: dict[int, list[MarkEntry]] = {}
    for mark in CriterionMark.select().where(CriterionMark.pupil == pupil_id):
        history.setdefault(mark.criterion_id, []).append(
            MarkEntry(ordinals[mark.half_term_id], Code(mark.code), mark.id))
    found = set()
    for criterion in Criterion.select().where(Criterion.id.in_(list(history))):
        bank = criterion.bank
        if latest.get(bank.subject_id) == bank.stage and \
                effective_code(history[criterion.id], ht.ordinal) is Code.LINE:
            found.add(criterion.ref)
    return found


async def test_a_whole_meeting_for_a_demo_pupil(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    app = AmtuiApp(demo, LOGIN, screen="mentees", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        listed = await until_text(pilot, "Your mentees:", "Enter opens the meeting")
        first = app.screen.query_one("#mentees-table")
        pupil_name = str(first.get_row_at(0)[0])
        pupil_id = int(first.coordinate_to_cell_key((0, 0)).row_key.value)
        assert pupil_name in listed
        await pilot.press("enter")
        shown = await until_text(pilot, "1. Preparation", "prep ")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert pupil_name in shown and "not started" in shown
        for principle in ("Evidence driven", "never a cosy chat", "checks will be made"):
            assert principle in shown
        meeting_id = screen.meeting_id

        # 1. Preparation: tick the four items that are the mentor's own.
        manual = [i for i, item in enumerate(agenda.CHECKS) if not item.auto]
        row = 0
        for index in manual:
            await pilot.press(*["down"] * (index - row), "space")
            row = index
        await settle(pilot)
        done = {c.item: c.done for c in MeetingCheck.select().where(MeetingCheck.meeting == meeting_id)}
        assert {key for key, ticked in done.items() if ticked} == {agenda.CHECKS[i].key for i in manual}

        # 2. Self-assessment: the pupil rates each current target; a comment on the first.
        shown = await go_to_step(pilot, 2)
        table = screen.query_one("#self-table")
        targets = [int(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(table.row_count)]
        assert targets, "the demo pupil brings targets from HT1"
        ratings = {}
        for n, target in enumerate(targets):
            ratings[target] = "RYG"[n % 3]
            await pilot.press(ratings[target].lower())  # each rating moves on to the next target
        await pilot.press(*["up"] * len(targets))
        await pilot.press("tab")
        await type_text(pilot, "I can do it with a prompt")
        await pilot.press("enter")
        await settle(pilot)
        assert Meeting.get_by_id(meeting_id).started_at is None  # not in the meeting yet

        # 3. Evidence: moving on starts the meeting's clock.
        shown = await go_to_step(pilot, 3)
        row = Meeting.get_by_id(meeting_id)
        assert row.status == "in_progress" and row.started_at.date() == TODAY
        assert "Subject" in shown and "Attitude HT2" in shown and "Weekly tests" in shown
        ev = screen.query_one("#ev-targets")
        open_rows = [r for r in range(ev.row_count) if str(ev.get_row_at(r)[3]) == "open"]
        reviewed = {}
        if open_rows:
            ev.move_cursor(row=open_rows[0])
            await pilot.press("space", "space")  # open -> achieved -> dropped
            reviewed[int(ev.coordinate_to_cell_key((open_rows[0], 0)).row_key.value)] = "dropped"
        await settle(pilot)

        # 4. Barriers to learning.
        await go_to_step(pilot, 4)
        await type_text(pilot, "Tired in the mornings")
        await settle(pilot)

        # 5. New targets: exactly the pupil's "/" criteria are offered; agree two, and a personal one.
        shown = await go_to_step(pilot, 5)
        cands = screen.query_one("#cand-table")
        offered = {str(cands.get_row_at(r)[1]) for r in range(cands.row_count)}
        assert offered == line_criteria(pupil_id)
        assert len(offered) >= 2
        chosen = [str(cands.get_row_at(r)[1]) for r in (0, 1)]
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("down", "space")
        await settle(pilot)
        assert [str(cands.get_row_at(r)[0]) for r in (0, 1)] == ["[x]", "[x]"]
        await pilot.press("tab", "down", "space")  # personal: Homework, with its usual wording
        await settle(pilot)

        # 6. Interventions: agree one from the bank, with who and until when.
        await go_to_step(pilot, 6)
        await pilot.press("n")
        await until_text(pilot, "Agree an intervention")
        picked = str(app.screen.query_one("#pick-list").get_option_at_index(0).prompt).split(" (")[0]
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, picked[:20], "agreed in this meeting")
        await pilot.press("tab")  # the "who" select
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        await pilot.press("tab")
        until = TODAY + dt.timedelta(days=45)
        await type_text(pilot, f"{until:%d/%m/%Y}")
        await settle(pilot)

        # 7. Follow-ups: parents.
        await go_to_step(pilot, 7)
        await pilot.press("tab", "tab")
        await type_text(pilot, "Phone home about homework")
        await settle(pilot)

        # 8. Close: next date, summary, outcome; finish.
        shown = await go_to_step(pilot, 8)
        assert "Preparation" in shown
        next_on = TODAY + dt.timedelta(days=30)
        await type_text(pilot, f"{next_on:%d/%m/%Y}")
        await pilot.press("tab")
        await type_text(pilot, "Good progress in maths")
        await pilot.press("tab")
        await type_text(pilot, "Targets agreed")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        shown = await until_text(pilot, "· done ", "a amends")
        await pilot.press("ctrl+o")
        await settle(pilot)

    # Every outcome, in the database.
    row = Meeting.get_by_id(meeting_id)
    assert (row.status, row.step, row.barriers, row.summary, row.outcome, row.next_meeting_on) == (
        "done", 8, "Tired in the mornings", "Good progress in maths", "Targets agreed", next_on)
    assert row.ended_at >= row.started_at and row.ended_at.date() == TODAY
    booked = Meeting.get((Meeting.pupil == pupil_id) & (Meeting.status == "scheduled"))
    assert booked.scheduled_for.date() == next_on
    checks = {c.item: c for c in MeetingCheck.select().where(MeetingCheck.meeting == meeting_id)}
    assert set(checks) == set(agenda.CHECK_KEYS)
    views = {s.target_id: (s.rating, s.comment) for s in SelfAssessment.select().where(
        SelfAssessment.meeting == meeting_id)}
    assert {t: r for t, (r, _) in views.items()} == ratings
    assert views[targets[0]][1] == "I can do it with a prompt"
    for target, status in reviewed.items():
        assert Target.get_by_id(target).status == status
    new = list(Target.select().where(Target.meeting == meeting_id))
    assert sorted(t.criterion.ref for t in new if t.kind == "medium") == sorted(chosen)
    assert [(t.aspect, t.text) for t in new if t.kind == "personal"] == [
        ("homework", dict((k, w) for k, _, w in agenda.PERSONAL_ASPECTS)["homework"])]
    agreed = InterventionAssignment.get(InterventionAssignment.meeting == meeting_id)
    assert agreed.intervention.name == picked and agreed.staff_id is not None
    assert (agreed.start, agreed.end) == (TODAY, until)
    aims = {c.criterion.ref for c in InterventionCriterion.select().where(InterventionCriterion.assignment == agreed)}
    assert aims <= set(chosen)
    assert dict(MeetingFollowUp.select(MeetingFollowUp.kind, MeetingFollowUp.note)
                .where(MeetingFollowUp.meeting == meeting_id).tuples()) == {"parents": "Phone home about homework"}
    actions = {a for (a,) in AuditEntry.select(AuditEntry.action).where(AuditEntry.entity_id == str(meeting_id))
               .tuples()}
    assert {"meeting.open", "meeting.step", "meeting.check", "meeting.self_assessment", "meeting.target_add",
            "meeting.intervention_add", "meeting.follow_up", "meeting.finish"} <= actions
    printed = sorted(p.suffix for p in (tmp_path / "prints").iterdir())
    assert printed == [".html", ".txt"]
