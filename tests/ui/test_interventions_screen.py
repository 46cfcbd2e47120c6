"""The interventions bank: effectiveness across the school; SLT and admin maintain it."""

from __future__ import annotations

from amtui.db.models import AuditEntry, Intervention
from amtui.ui.app import AmtuiApp
from meeting_pilot import settle, type_text, until_text
from meeting_school import add_meeting_records


def rows(app) -> dict[str, list[str]]:
    table = app.screen.query_one("#iv-bank")
    found = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
    return {r[0]: r[1:] for r in found}


async def test_effectiveness_per_intervention_and_its_pupils(school):
    school.ids = add_meeting_records(school)
    app = AmtuiApp(school.opened, "tester", screen="interventions", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "5 interventions, 1 in use")
        bank = rows(app)
        assert bank["Big Maths"] == ["Maths", "1", "0", "+1.0", "+0.0", "effective"]
        assert bank["Grammar Hammer"] == ["Writing", "0", "0", "-", "-", "not used"]
        assert bank["LRC small group support"][0] == "any"
        await until_text(pilot, "Zoë O'Neill (4B)", "+1 step, 0/1 aims crossed")


async def test_only_slt_and_admin_change_the_bank(school, notifications):
    school.ids = add_meeting_records(school)
    app = AmtuiApp(school.opened, "tester", screen="interventions", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notifications(app)
        await until_text(pilot, "5 interventions")
        await pilot.press("n")
        await settle(pilot)
        assert ("warning", "Only Senior leadership or Admin may maintain the interventions bank.") in notes

    app = AmtuiApp(school.opened, "head", screen="interventions", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notifications(app)
        await until_text(pilot, "5 interventions")
        await pilot.press("n")
        await until_text(pilot, "New intervention")
        await type_text(pilot, "Big maths")  # already in the bank (any case)
        await pilot.press("enter")
        await settle(pilot)
        assert any("already an intervention called 'Big Maths'" in text for _, text in notes)
        await pilot.press("n")
        await until_text(pilot, "New intervention")
        await type_text(pilot, "Reading buddies")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Paired reading with Year 6")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "6 interventions")
        assert rows(app)["Reading buddies"][0] == "any"
        await pilot.press("d")  # retire the highlighted one (Big Maths, first by subject)
        await settle(pilot)
        await until_text(pilot, "(retired)")
    assert Intervention.get(Intervention.name == "Reading buddies").description == "Paired reading with Year 6"
    assert AuditEntry.select().where(AuditEntry.action == "intervention.save").count() == 1
    assert Intervention.select().where(Intervention.active == False).count() == 1  # noqa: E712
