"""The pupil's tracking sheet tab heads its columns '#' and 'Criterion', never reading as
"No Reading stage 2 criteria"."""

from __future__ import annotations

from amtui.ui.widgets.entry_grid import EntryGrid
from test_pupil_page import SIZE, open_zoe


async def test_the_sheet_heading_does_not_read_as_if_there_were_no_criteria(make_app, school, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_zoe(pilot, app, wait_until)
        await pilot.press("2")
        grid = app.screen.query_one("#sheet-grid", EntryGrid)
        await wait_until(pilot, lambda: grid.size.height > 0)
        heading = grid.text_line(0)
        assert heading.split()[:4] == ["#", "Criterion", "(Reading", "stage"]
        assert "No " not in heading and len(heading.rstrip()) <= SIZE[0]
