"""The mentor's list (amtui meetings): order, overdue, booking, extra meetings, mentor changes."""

from __future__ import annotations

import datetime as dt

from amtui.db.models import AuditEntry, Meeting, MentorAssignment, Pupil
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.meeting.meeting import MeetingScreen
from meeting_pilot import settle, type_text, until_text


def list_app(school, login="tester"):
    return AmtuiApp(school.opened, login, screen="mentees", today=school.today)


def rows(app) -> list[str]:
    table = app.screen.query_one("#mentees-table")
    return [" | ".join(str(c) for c in table.get_row_at(r)) for r in range(table.row_count)]


async def test_overdue_first_with_a_marker_and_extra_meetings_before_all(school):
    async with list_app(school).run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "Your mentees: 3", "1 overdue (!)")
        assert [r.split(" | ")[0] for r in rows(pilot.app)] == ["Adam Ash", "Callum Cole", "Zoë O'Neill"]
        assert "! overdue" in rows(pilot.app)[0] and "never" in rows(pilot.app)[1]
        assert "Bella Brown" not in shown  # no longer the tester's mentee
        await pilot.press("down", "down", "e")  # flag Zoë for extra meetings
        await settle(pilot)
        await until_text(pilot, "+extra")
        assert rows(pilot.app)[0].startswith("Zoë O'Neill") and "+extra" in rows(pilot.app)[0]
    assert Pupil.get_by_id(school.pupils["Zoë O'Neill"]).extra_meetings


async def test_booking_with_a_date_and_time_then_cancelling(school, notifications):
    when = school.today + dt.timedelta(days=2)
    async with list_app(school).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        await until_text(pilot, "Your mentees: 3")
        await pilot.press("down", "s")  # Callum
        await until_text(pilot, "Book a meeting: Callum Cole")
        await type_text(pilot, "31/02/2027")
        await pilot.press("enter")
        await until_text(pilot, "is not a date")
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, f"{when:%d/%m/%Y} 10:30")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, f"{when:%a %d %b} 10:30")
        booked = Meeting.get((Meeting.pupil == school.pupils["Callum Cole"]) & (Meeting.status == "scheduled"))
        assert booked.scheduled_for == dt.datetime.combine(when, dt.time(10, 30))
        await pilot.press("x")
        await settle(pilot)
        assert ("information", "Booking for Callum Cole cancelled.") in notes
        await pilot.press("x")  # nothing left to cancel: says so
        await settle(pilot)
        assert ("error", "Callum Cole has no booked meeting to cancel.") in notes
    assert Meeting.get_by_id(booked.id).status == "cancelled"
    assert AuditEntry.select().where(AuditEntry.action == "meeting.book").count() == 1


async def test_enter_opens_the_meeting(school):
    async with list_app(school).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Your mentees: 3")
        await pilot.press("enter")
        await until_text(pilot, "Adam Ash · 4B", "1. Preparation")
        assert isinstance(pilot.app.screen, MeetingScreen)


async def test_changing_a_mentor_needs_the_role_and_keeps_the_history(school, notifications):
    async with list_app(school).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        await until_text(pilot, "Your mentees: 3")
        await pilot.press("m")
        await settle(pilot)
        assert any("may change a pupil's mentor" in text for _, text in notes)
    async with AmtuiApp(school.opened, "head", screen="mentees", today=school.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Your mentees: 0")  # the head mentors nobody
    # SLT change Adam's mentor from the tester's list (opened from monitoring in real use).
    from amtui.ui.screens.meeting.mentees import MenteesScreen

    app = AmtuiApp(school.opened, "head", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "My classes")
        app.push_screen(MenteesScreen(school.staff["tester"], "Tess Tester"))
        await until_text(pilot, "Mentees of Tess Tester: 3")
        await pilot.press("m")
        shown = await until_text(pilot, "New mentor for Adam Ash", "So far: Tess Tester from")
        assert "Jo Smith" not in shown  # a teacher without the mentor role is not offered
        await pilot.press("enter")  # Hana Head (SLT may mentor)
        await until_text(pilot, "Why the change?")
        await type_text(pilot, "Fresh start")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "Mentees of Tess Tester: 2")
    spells = list(MentorAssignment.select().where(MentorAssignment.pupil == school.pupils["Adam Ash"])
                  .order_by(MentorAssignment.id))
    assert [(s.mentor.name, s.end, s.reason) for s in spells] == [
        ("Tess Tester", school.today, ""), ("Hana Head", None, "Fresh start")]


async def test_the_last_finished_meeting_opens_from_the_list(school):
    async with list_app(school).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Your mentees: 3")
        await pilot.press("down", "l")  # Callum has never been met
        await settle(pilot)
        assert not isinstance(pilot.app.screen, MeetingScreen)
        await pilot.press("down", "l")  # Zoë, met in HT3
        await until_text(pilot, "Zoë O'Neill · 4B", "8. Close: finished; a amends it")


async def test_the_list_says_what_its_marks_mean_in_words_at_80_columns(school):
    """The Due column's "*" and the Flags' "+extra" are explained on the list itself (the
    colours only repeat them), on one line that fits."""
    async with list_app(school).run_test(size=(80, 24)) as pilot:
        shown = await until_text(pilot, "Your mentees: 3")
        assert any(r.rsplit(" | ", 1)[-1].startswith("*") for r in rows(pilot.app))  # Zoë's is due now
        assert "* due this half-term   ! overdue   +extra: flagged for extra meetings" in shown
