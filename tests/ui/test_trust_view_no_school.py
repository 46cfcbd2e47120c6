"""A trust role who has chosen no school (``amtui --screen trust``, no AMTUI_SCHOOL) sees every
school, and the session still acts in none afterwards."""

from __future__ import annotations

import pytest

from amtui.db.connection import read
from amtui.ui.app import AmtuiApp
from meeting_pilot import settle, until_text
from trust_schools import ELM, OAK, READER, as_role, build_trust


@pytest.mark.parametrize("db_engine", ["postgres"])
async def test_a_trust_role_with_no_school_chosen_sees_every_school(db_target):
    oak, _ = build_trust(db_target)
    opened = as_role(db_target, READER)
    try:
        app = AmtuiApp(opened, READER, screen="trust", today=oak.today)
        async with app.run_test(size=(80, 24)) as pilot:
            await until_text(pilot, "2 schools", OAK, ELM)
            await settle(pilot)
            assert [app.screen.query_one("#trust-table").get_row_at(r)[1].plain for r in range(2)] == ["9", "8"]
        assert read(lambda: opened.db.execute_sql("SELECT count(*) FROM pupil").fetchone()[0]) == 0
    finally:
        opened.db.close()
