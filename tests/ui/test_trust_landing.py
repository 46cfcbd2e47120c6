"""Opening amtui on a trust's server without choosing a school among several: a trust role
lands on the trust view (a school's screens, which need a school, are not offered), and a
member of staff of two schools is asked to choose one; neither meets a permission error."""

from __future__ import annotations

import pytest

from amtui.db.connection import read
from amtui.ui.app import AmtuiApp
from meeting_pilot import screen_text, settle, until_text
from trust_schools import ADMIN, ELM, OAK, READER, as_role, build_trust


@pytest.mark.parametrize("db_engine", ["postgres"])
async def test_a_trust_role_that_chose_no_school_lands_on_the_trust_view_and_stays_there(db_target):
    from amtui.ui.screens.trust.trust import TrustScreen

    oak, _ = build_trust(db_target)
    opened = as_role(db_target, READER)
    try:
        app = AmtuiApp(opened, READER, today=oak.today)  # no screen asked for: home, for anyone else
        async with app.run_test(size=(100, 30)) as pilot:
            await until_text(pilot, "2 schools", OAK, ELM)
            await settle(pilot)
            assert isinstance(app.screen, TrustScreen) and app.title == "The trust"
            assert app.sub_title == f"{READER} · the trust's schools, read-only"
            assert "not on the staff list" not in screen_text(app)  # a trust role is on none, by design
            app.open_screen("home")  # the palette offers it: refused, saying how to reach a school
            await pilot.pause(0.1)
            assert isinstance(app.screen, TrustScreen)
            await pilot.press("escape")  # back: the trust view again, never a school's home
            await until_text(pilot, "2 schools", OAK, ELM)
            await settle(pilot)
            assert isinstance(app.screen, TrustScreen)
            shown = screen_text(app)
            assert "permission denied" not in shown and "Traceback" not in shown
            await pilot.press("enter")  # one school's monitoring, as that school
            await until_text(pilot, "READ-ONLY (trust view)")
            await settle(pilot)
            assert "permission denied" not in screen_text(app)
        # nothing was made for a school none was chosen for (the home screen's year would be)
        assert read(lambda: opened.db.execute_sql("SELECT count(*) FROM academic_year").fetchone()[0]) == 0
    finally:
        opened.db.close()


@pytest.mark.parametrize("db_engine", ["postgres"])
async def test_staff_of_two_schools_who_chose_neither_are_asked_to_choose(db_target):
    oak, _ = build_trust(db_target)
    opened = as_role(db_target, ADMIN)  # on both schools' staff lists, a trust role of neither
    try:
        app = AmtuiApp(opened, ADMIN, today=oak.today)
        async with app.run_test(size=(100, 30)) as pilot:
            shown = await until_text(pilot, "You work in 2 of the trust's schools", "--school NAME",
                                     f"1 {OAK}; 2 {ELM}", "Press q to quit")
            assert "permission denied" not in shown and app.session is None
    finally:
        opened.db.close()
