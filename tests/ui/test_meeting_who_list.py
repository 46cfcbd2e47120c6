"""The meeting's intervention "who" list at 80x24, with a school's worth of staff: a
framed box that opens above its field, over the empty table, off the field itself, the
fields below it and the footer."""

from __future__ import annotations

from textual.widgets import Footer, Select
from textual.widgets._select import SelectOverlay

from amtui.db.connection import write
from amtui.db.models import Staff
from amtui.ui.app import AmtuiApp
from meeting_pilot import go_to_step, screen_text, settle, until_text
from meeting_school import add_meeting_records

STAFF = [f"Teacher Number{n:02d}-Hyphenated" for n in range(1, 19)]


async def test_the_who_list_is_framed_and_keeps_the_form_and_footer_in_view(school):
    add_meeting_records(school)
    write(lambda: [Staff.create(username=f"t{n}", name=name, roles="teacher") for n, name in enumerate(STAFF)])
    app = AmtuiApp(school.opened, "tester", screen="meeting", today=school.today,
                   screen_args={"pupil_id": school.pupils["Zoë O'Neill"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 6)
        await pilot.press("n")
        await until_text(pilot, "Agree an intervention")
        await pilot.press("enter")
        await settle(pilot)
        await until_text(pilot, "agreed in this meeting")
        await pilot.press("tab", "enter")
        who = app.screen.query_one("#iv-who", Select)
        await until_text(pilot, STAFF[0])
        overlay = who.query_one(SelectOverlay)
        box, field, footer = overlay.region, who.region, app.screen.query_one(Footer).region
        lines = screen_text(app).splitlines()
        assert who.expanded
    assert box.bottom <= field.y, (box, field)  # above its field, the field in view
    assert not box.overlaps(footer) and box.bottom <= 24 and box.right <= 80
    assert lines[box.y][box.x] == "╭" and lines[box.bottom - 1][box.right - 1] == "╯"
    assert lines[field.y].startswith(" Who:") and lines[field.y + 1].startswith(" Until:")
    assert box.width - 2 >= len(STAFF[0]) + 2  # a name and its padding fit inside the frame
