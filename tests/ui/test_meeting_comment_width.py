"""The self-assessment's comment shows in its column as typed, at 80 columns: not "I forge"."""

from __future__ import annotations

from meeting_pilot import go_to_step, screen_text, settle, type_text, until_text
from test_meeting_screen import meeting_app, zoe  # noqa: F401  (zoe: the fixture)


async def test_a_comment_typed_shows_in_the_table_within_80_columns(school, zoe):  # noqa: F811
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1. Preparation")
        await go_to_step(pilot, 2)
        await pilot.press("g", "up", "tab")  # g moves on: back to the target rated
        await type_text(pilot, "I forgot it and my reading book on Mondays")
        await settle(pilot)
        shown = screen_text(pilot.app)
        assert "I forgot it and my reading b…" in shown
        assert all(len(line) <= 80 for line in shown.splitlines())
