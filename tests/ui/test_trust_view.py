"""The trust view on screen: a trust role on a two-school server sees a row per school,
each as that school's own figures say, and drills down into one school's monitoring as that
school; on a SQLite file (one school) SLT see their school's one row."""

from __future__ import annotations

import threading

import psycopg
import pytest

from amtui.db.connection import write
from amtui.db.models import Pupil
from amtui.db.repo import trust_kept
from amtui.db.repo import trust_view as reading
from amtui.domain import trust_view
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.trust.trust import cells as row_cells
from meeting_pilot import settle, until_text
from trust_schools import ADMIN, ELM, KEEPER, OAK, READER, _owner_sql, as_role, build_trust, owned_by_keeper

on_postgres = pytest.mark.parametrize("db_engine", ["postgres"])


def cells(app, table_id) -> list[list[str]]:
    table = app.screen.query_one(table_id)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


def own_rows(target, today, half_term: int | None = None) -> dict[str, list[str]]:
    """Each school's line worked out in that school alone (as a member of its staff would)."""
    found = {}
    for number in ("1", "2"):
        opened = as_role(target, ADMIN, number)
        try:
            (school,) = reading.figures(today, half_term)
            found[school.name] = [str(c) for c in row_cells(trust_view.row(school))]
        finally:
            opened.db.close()
    return found


@on_postgres
async def test_a_trust_role_sees_each_school_and_opens_one_as_that_school(db_target, notifications):
    oak, elm = build_trust(db_target)
    expected = own_rows(db_target, oak.today)
    assert expected[OAK] != expected[ELM]
    opened = as_role(db_target, READER, OAK)  # the trust's data lead, looking at Oak first
    try:
        app = AmtuiApp(opened, READER, today=oak.today)
        notices = notifications(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await until_text(pilot, "Trust view")  # on a trust role's home menu
            app.open_screen("trust")
            await until_text(pilot, "2 schools", OAK, ELM)
            await app.screen.db.idle()  # none kept: each school read in the background
            await pilot.press("h")  # no earlier half-term kept yet: said, and now stays shown
            await settle(pilot)
            assert any("No other half-term is kept for today yet" in said for _, said in notices)
            await until_text(pilot, "2 schools · now")
            shown = cells(app, "#trust-table")
            assert shown == [expected[OAK], expected[ELM]]
            assert shown[0][1] == "9" and shown[1][1] == "8"  # Callum has left Elm
            await until_text(pilot, f"{OAK} · HT4")  # the highlighted school in words
            await pilot.press("enter")  # Oak's own monitoring, as Oak
            await until_text(pilot, "Tess Tester", "Jo Smith")
            assert app.sub_title == f"{OAK} · READ-ONLY (trust view)"
            oak_jo = next(r for r in cells(app, "#mon-mentors") if r[0] == "Jo Smith")
            await pilot.press("escape")
            await until_text(pilot, "2 schools")
            assert app.sub_title == f"{READER} · READ-ONLY"
            await pilot.press("down", "enter")  # Elm's, as Elm: Jo Smith has met Ella there
            await until_text(pilot, "Tess Tester", "Jo Smith")
            elm_jo = next(r for r in cells(app, "#mon-mentors") if r[0] == "Jo Smith")
            assert int(elm_jo[2]) == int(oak_jo[2]) + 1
            await pilot.press("escape")
            await pilot.press("l")  # Elm's leaders' analysis
            await until_text(pilot, "Reading", "Pupil premium")
            await pilot.press("escape")
            await until_text(pilot, "2 schools")
            await pilot.press("s")  # one subject: Maths
            await until_text(pilot, "every year · Maths")
            await settle(pilot)
            await pilot.press("enter")  # into Oak, then home from inside it: the trust's session again
            await until_text(pilot, "Tess Tester")
            app.open_screen("home")
            await until_text(pilot, "My classes")
            await settle(pilot)
            assert app.user.roles == frozenset() and app.sub_title == f"{READER} · READ-ONLY"
    finally:
        opened.db.close()


@pytest.mark.parametrize("db_engine", ["sqlite"])
async def test_one_schools_file_shows_its_one_row_to_slt_and_refuses_a_teacher(school):
    async with AmtuiApp(school.opened, "head", screen="trust", today=school.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "1 school ·")
        (line,) = cells(pilot.app, "#trust-table")
        (figures,) = reading.figures(school.today)
        assert line == [str(c) for c in row_cells(trust_view.row(figures))]
        assert line[1] == "9"  # on roll: Zoey has left
        await pilot.press("y")
        await until_text(pilot, "Year 4 · every subject")
        await pilot.press("enter")
        await until_text(pilot, "Tess Tester")
        assert pilot.app.sub_title != "READ-ONLY (trust view)"
    async with AmtuiApp(school.opened, "tester", screen="trust", today=school.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "SLT")
        assert cells(pilot.app, "#trust-table") == []


@pytest.mark.parametrize("db_engine", ["sqlite"])
async def test_the_home_menu_offers_the_trust_view_to_a_trust_role_only(school):
    from textual.widgets import OptionList

    from amtui.ui import navigation

    assert navigation.listed()["trust"].trust_only  # in the palette for everyone
    async with AmtuiApp(school.opened, "head", today=school.today).run_test(size=(80, 24)) as pilot:
        await until_text(pilot, "Find a pupil")
        await settle(pilot)
        menu = pilot.app.screen.query_one("#menu", OptionList)
        ids = [option.id for option in menu.options]
        assert "monitor" in ids and "trust" not in ids


@on_postgres
async def test_kept_figures_show_at_once_a_changed_school_as_of_then_read_again(db_target, monkeypatch):
    oak, elm = build_trust(db_target)
    owned_by_keeper(db_target)
    keeper = as_role(db_target, KEEPER)
    kept_at = [r.school_id for r in trust_kept.refresh(oak.today)]  # the night's refresh: both kept
    keeper.db.close()
    assert kept_at == [1, 2]
    before = own_rows(db_target, oak.today)
    elm_staff = as_role(db_target, ADMIN, "2")  # then a save at Elm: Ella leaves
    write(lambda: Pupil.update(left_on=elm.today).where(Pupil.id == elm.pupils["Ella Evans"]).execute())
    elm_staff.db.close()
    after = own_rows(db_target, oak.today)
    assert after[ELM][1] == str(int(before[ELM][1]) - 1) and after[OAK] == before[OAK]
    gate, real = threading.Event(), trust_kept.read_again
    monkeypatch.setattr(trust_kept, "read_again", lambda *a, **k: (gate.wait(10), real(*a, **k))[1])
    opened = as_role(db_target, READER)
    try:
        app = AmtuiApp(opened, READER, today=oak.today)
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_screen("trust")
            await until_text(pilot, "reading 1 changed school again")  # kept figures, at once
            shown = cells(app, "#trust-table")
            assert shown[0] == before[OAK]  # Oak's are current: no "as of"
            assert shown[1][:-1] == before[ELM][:-1] and shown[1][-1][2] == ":"  # Elm's kept, "14:05"
            await pilot.press("down")
            await until_text(pilot, f"figures as of {shown[1][-1]}: its data changed since")
            gate.set()
            await app.screen.db.idle()
            await until_text(pilot, "2 schools · now · every year")
            assert cells(app, "#trust-table") == [after[OAK], after[ELM]]  # Elm's line read again
            assert "reading" not in str(app.screen.query_one("#trust-head").render())
    finally:
        opened.db.close()
    with psycopg.connect(db_target.url) as conn:  # a trust role keeps nothing: Elm's kept figures still old
        pupils = conn.execute("SELECT figures::json->>'pupils' FROM kept_trust_figures WHERE half_term = 0 "
                              "ORDER BY school_id").fetchall()
    assert [p for (p,) in pupils] == [before[OAK][1], before[ELM][1]]


@on_postgres
async def test_the_trust_admins_view_keeps_what_it_reads_again(db_target):
    oak, _ = build_trust(db_target)
    owned_by_keeper(db_target)
    opened = as_role(db_target, KEEPER)
    try:
        assert [k.figures for k in trust_kept.kept(oak.today)] == [None, None]
        app = AmtuiApp(opened, KEEPER, today=oak.today)
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_screen("trust")
            await until_text(pilot, "2 schools", OAK, ELM)
            await app.screen.db.idle()
            await until_text(pilot, "2 schools · now · every year · every subject · % of those assessed")
        assert all(k.current for k in trust_kept.kept(oak.today))  # both kept by the admin's view
    finally:
        opened.db.close()


@on_postgres
async def test_an_earlier_half_terms_kept_figures_show_at_once(db_target, monkeypatch):
    oak, _ = build_trust(db_target)
    owned_by_keeper(db_target)
    keeper = as_role(db_target, KEEPER)
    trust_kept.refresh(oak.today)  # the night's refresh: now (HT4) and HT1, which has marks
    keeper.db.close()
    ht1, now = own_rows(db_target, oak.today, 1), own_rows(db_target, oak.today)
    assert ht1 != now
    read_live = []
    monkeypatch.setattr(trust_kept, "read_again", lambda *a, **k: read_live.append(a) or threading.Event().wait(30))
    opened = as_role(db_target, READER)
    try:
        app = AmtuiApp(opened, READER, today=oak.today)
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_screen("trust")
            await until_text(pilot, "2 schools · now · every year · every subject · % of those assessed")
            assert cells(app, "#trust-table") == [now[OAK], now[ELM]]
            await pilot.press("h")  # the governors' comparison: HT1's kept figures, at once
            await until_text(pilot, "2 schools · HT1 · every year · every subject · % of those assessed",
                             f"{OAK} · HT1 Autumn 1")
            assert cells(app, "#trust-table") == [ht1[OAK], ht1[ELM]]
            await pilot.press("l")  # Oak's leaders' analysis at the half-term shown
            await until_text(pilot, "HT1 Autumn 1 · by Pupil premium")
            assert app.sub_title == f"{OAK} · READ-ONLY (trust view)"
            await pilot.press("escape")
            await until_text(pilot, "2 schools · HT1")
            await pilot.press("h")  # the current half-term by its number: kept too
            await until_text(pilot, "2 schools · HT4 · every year")
            assert cells(app, "#trust-table") == [now[OAK], now[ELM]]
            await pilot.press("h")
            await until_text(pilot, "2 schools · now · every year")
            await settle(pilot)
            assert read_live == []  # no school was read again
    finally:
        opened.db.close()
    with psycopg.connect(db_target.url) as conn:
        kept = conn.execute("SELECT school_id, half_term FROM kept_trust_figures ORDER BY 1, 2").fetchall()
    assert kept == [(1, 0), (1, 1), (1, 4), (2, 0), (2, 1), (2, 4)]
