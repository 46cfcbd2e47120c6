"""The meeting screen on the small school: candidates, preparation, refusals, resuming,
amending and printing. (The whole walk for a demo pupil is in test_meeting_demo.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import AuditEntry, Meeting, Target
from amtui.ui.app import AmtuiApp
from meeting_pilot import go_to_step, screen_text, settle, type_text, until_text
from meeting_school import CANDIDATES, add_meeting_records


@pytest.fixture
def zoe(school):
    school.ids = add_meeting_records(school)
    return school.pupils["Zoë O'Neill"]


def meeting_app(school, pupil_id, login="tester"):
    return AmtuiApp(school.opened, login, screen="meeting", today=school.today,
                    screen_args={"pupil_id": pupil_id})


def zoe_meeting() -> Meeting:
    return Meeting.select().where(Meeting.status.in_(("scheduled", "in_progress"))).order_by(Meeting.id.desc()).get()


async def test_preparation_shows_what_the_data_proves_and_what_is_missing(school, zoe):
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation", "prep 5/10", "not started", "[x]   Latest half-term assessed",
                         "[ ]   Interventions reviewed")
        await pilot.press(*["down"] * 5)  # Interventions reviewed
        await until_text(pilot, "Missing: Big Maths (ended")
        await pilot.press("space")  # the data's tick, not the mentor's
        await settle(pilot)
        assert "[ ]   Interventions reviewed" in screen_text(pilot.app)
        await pilot.press("down", "space")  # Other records up to date: the mentor's own
        await settle(pilot)
        await until_text(pilot, "prep 6/10", "saved")


async def test_targets_offered_are_exactly_the_line_criteria(school, zoe):
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        shown = await go_to_step(pilot, 5)
        table = pilot.app.screen.query_one("#cand-table")
        assert sorted(str(table.get_row_at(r)[1]) for r in range(table.row_count)) == CANDIDATES
        for ref in CANDIDATES:
            assert ref in shown
        assert "R2/17" not in shown and "R2/19" not in shown and "R3/2" not in shown
        assert "Homework (red)" in shown  # red attitude this half-term suggests the aspect


async def test_targets_are_not_offered_before_the_meeting_starts(school, zoe):
    """The agenda opens at a stored step 5 of a meeting never started (a damaged row):
    no candidates are shown and none can be chosen."""
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await settle(pilot)
    Meeting.update(step=5).where(Meeting.id == zoe_meeting().id).execute()
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "5. New targets", "Targets and interventions are agreed in the meeting")
        assert pilot.app.screen.query_one("#cand-table").row_count == 0
        assert "not started" in shown
    assert not Target.select().where(Target.meeting == zoe_meeting().id).exists()


async def test_quitting_mid_meeting_and_reopening_resumes_with_nothing_lost(school, zoe):
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 2)
        await pilot.press("g", "tab")
        await type_text(pilot, "easy now")
        await go_to_step(pilot, 4)
        await type_text(pilot, "Late to bed")
        screen = pilot.app.screen
        await pilot.press("ctrl+q")  # straight out, mid-typing: the pause has not passed
    assert screen.db.wait()
    meeting = zoe_meeting()
    assert (meeting.step, meeting.barriers) == (4, "Late to bed")
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "4. Barriers", "Late to bed")
        assert "since" in shown  # started when it reached Evidence, and still is
        await go_to_step(pilot, 2)
        shown = await until_text(pilot, "easy now")
        assert " G " in shown


async def test_finishing_needs_the_outcome_and_next_date(school, zoe, notifications):
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        await until_text(pilot, "1. Preparation")
        shown = await go_to_step(pilot, 8)
        assert "Preparation 5/10 (unfinished: see step 1)" in shown
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert any("Record the outcome" in text and "next meeting" in text for _, text in notes)
        assert zoe_meeting().status == "in_progress"
        await type_text(pilot, f"{school.today + dt.timedelta(days=28):%d/%m/%Y}")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Agreed")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await until_text(pilot, "· done ", "a amends", "8. Close: finished")
    done = Meeting.get((Meeting.status == "done") & (Meeting.outcome == "Agreed"))
    assert done.next_meeting_on == school.today + dt.timedelta(days=28)


async def test_a_finished_meeting_is_amended_only_with_a_reason(school, zoe):
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 8)
        await type_text(pilot, f"{school.today + dt.timedelta(days=28):%d/%m/%Y}")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Agreed")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await until_text(pilot, "a amends")
        await settle(pilot)
        await type_text(pilot, "x")  # read-only: typing changes nothing
        await settle(pilot)
        await pilot.press("a")
        await until_text(pilot, "Amend a finished meeting")
        await pilot.press("enter")
        await until_text(pilot, "Give a reason.")
        await type_text(pilot, "Outcome incomplete")
        await pilot.press("enter")
        await until_text(pilot, "AMENDING")
        await settle(pilot)
        await pilot.press("end")
        await type_text(pilot, " twice")
        await settle(pilot)
    meeting = Meeting.get(Meeting.status == "done", Meeting.outcome.startswith("Agreed"))
    assert meeting.outcome == "Agreed twice"
    actions = [a.action for a in AuditEntry.select().where(AuditEntry.entity_id == str(meeting.id))
               .order_by(AuditEntry.id)]
    assert actions[-2:] == ["meeting.amend.amend", "meeting.amend.outcome"]


async def test_a_teacher_sees_the_last_meeting_read_only(school, zoe):
    Meeting.update(summary="Met in HT3.").where(Meeting.id == school.ids["ht3_meeting"]).execute()
    async with meeting_app(school, zoe, login="jsmith").run_test(size=(80, 24)) as pilot:
        # the summary's field is filled once the step is drawn: wait for it, as a person would look
        await until_text(pilot, "read-only", "8. Close: finished", "Met in HT3.")
        await pilot.press("a")  # amending is not for a teacher who is not the mentor
        await settle(pilot)
        assert "Amend a finished meeting" not in screen_text(pilot.app)


async def test_a_pupil_without_a_meeting_says_why_for_a_teacher(school, zoe):
    async with meeting_app(school, school.pupils["Dara Doyle"], login="jsmith").run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Only Mentor or Head of year or Senior leadership may run a mentoring")


async def test_print_writes_the_summary(school, zoe, tmp_path, monkeypatch, notifications, wait_until):
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "out"))
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        await until_text(pilot, "1. Preparation")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await wait_until(pilot, lambda: any("Wrote the meeting summary for Zoë O'Neill to" in text for _, text in notes))
    text = next((tmp_path / "out").glob("*.txt")).read_text(encoding="utf-8")
    assert text.startswith("MENTORING MEETING SUMMARY: Zoë O'Neill")


async def test_follow_up_notes_typed_straight_after_enter_land_in_the_next_one(school, zoe, type_at_once):
    from textual.widgets import Input

    from amtui.db.models import MeetingFollowUp

    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 7)
        app = pilot.app
        assert app.focused.id == "follow-sen"
        type_at_once(app, [*"Assess", "enter", *"Group"])
        await until_text(pilot, "Group")
        await settle(pilot)
        assert app.screen.query_one("#follow-sen", Input).value == "Assess"
        assert app.screen.query_one("#follow-intervention", Input).value == "Group"
    notes = {f.kind: f.note for f in MeetingFollowUp.select().where(MeetingFollowUp.meeting == zoe_meeting().id)}
    assert notes == {"sen": "Assess", "intervention": "Group"}


async def whole_under(pilot, step: int, name: str, column: int, starts: str, text_of) -> tuple[str, str, str]:
    """At ``step``, the cursor on the row of ``#{name}-table`` whose ``column`` starts with
    ``starts``: that cell as the list shows it, what ``#{name}-detail`` shows, and what it
    shows once the cursor has moved off the row."""
    await until_text(pilot, "1. Preparation")
    await go_to_step(pilot, step)
    screen = pilot.app.screen
    table, detail = screen.query_one(f"#{name}-table"), screen.query_one(f"#{name}-detail")
    cells = [str(table.get_row_at(r)[column]) for r in range(table.row_count)]
    row = next(r for r, cell in enumerate(cells) if cell.startswith(starts))
    await pilot.press(*["down"] * row)
    await settle(pilot)
    shown = text_of(detail)
    await pilot.press("up" if row else "down")
    await settle(pilot)
    return cells[row], shown, text_of(detail)


async def test_the_highlighted_criterion_is_shown_whole_under_the_targets_the_table_cuts(school, zoe, text_of):
    """At 80 columns the table cuts a long criterion; the line under it shows the highlighted
    one whole, and follows the cursor."""
    from amtui.db.connection import write
    from amtui.db.models import Criterion

    long = ("Reads longer texts aloud with fluency and expression, correcting their own mistakes "
            "and explaining what the author meant")
    write(lambda: Criterion.update(text=long).where(Criterion.ref == "R2/15").execute())
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        _, shown, after = await whole_under(pilot, 5, "cand", 1, "R2/15", text_of)
    assert " ".join(shown.split()) == f"R2/15 Reading: {long}"
    assert after and "R2/15" not in after


async def test_the_target_the_pupil_rates_is_shown_whole_under_the_list(school, zoe, text_of):
    """Self-assessment: the list cuts each target at 34 columns; the line under it shows the
    highlighted one whole, so the pupil rates what they can read."""
    from amtui.db.connection import write

    long = "Reads a page aloud every evening to an adult at home and writes one line about it"
    write(lambda: Target.update(text=long).where((Target.pupil == zoe) & (Target.kind == "personal")).execute())
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        cell, shown, after = await whole_under(pilot, 2, "self", 0, "homework", text_of)
    assert cell.endswith("…") and " ".join(shown.split()) == f"homework {long}"
    assert after and long not in after
