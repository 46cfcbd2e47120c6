"""Pilot tests of the app shell at 80x24: home, finder, pupil summary, palette, failures."""

from __future__ import annotations

import datetime as dt

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList

from amtui.db.repo import home as home_repo
from amtui.db.repo.school import half_term
from amtui.ui.dialogs.keys import KeysScreen
from amtui.ui.screens.home.home import HomeScreen
from amtui.ui.screens.pupil.finder import PupilFinderScreen
from amtui.ui.screens.pupil.page import PupilScreen

SIZE = (80, 24)


def shown(app, screen_type, selector):
    """The widget on the current screen if that screen is up and composed, else None."""
    found = app.screen.query(selector) if isinstance(app.screen, screen_type) else []
    return found.first() if found else None


def on_home(app) -> bool:
    """The home screen is showing, with its figures loaded."""
    table = shown(app, HomeScreen, "#classes")
    return table is not None and table.row_count > 0


async def test_home_shows_my_classes_mentees_and_school_figures(make_app, school, wait_until, text_of):
    ht4_end = half_term(school.start_year, 4).end
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        assert app.title == "Oakfield Primary"
        assert app.sub_title == "Tess Tester · Teacher, Mentor"
        classes = text_of(app.screen.query_one("#classes"))
        # 4B only (6R is someone else's); Zoë R above, Zoë M below, Adam R above: 2 of 3.
        assert classes.splitlines() == ["4B | Y4 | 5 | 67% (2/3)"]
        mentees = text_of(app.screen.query_one("#mentees")).splitlines()
        # Overdue first; Bella's mentoring ended, so she is not listed.
        adam_met = half_term(school.start_year, 1).start + dt.timedelta(days=3)
        assert mentees == [f"Adam Ash | {adam_met:%d %b} | ! overdue",
                           f"Callum Cole | never | * {ht4_end:%d %b}",
                           f"Zoë O'Neill | {half_term(school.start_year, 3).start + dt.timedelta(days=3):%d %b}"
                           f" | * {ht4_end:%d %b}"]
        figures = text_of(app.screen.query_one("#figures"))
        assert "9 pupils" in figures  # the leaver is not counted
        assert "Reading    67% (2/3)" in figures  # Zoë and Adam above, Ella below
        assert "Maths      0% (0/1)" in figures
        assert "Writing    -" in figures
        assert "Meetings overdue: 2" in figures
        assert "Weekly promotions due: 1" in figures
        menu = app.screen.query_one("#menu", OptionList)
        entries = [menu.get_option_at_index(i).prompt for i in range(menu.option_count)]
        assert entries[0] == "Find a pupil" and "Home" not in entries  # every other screen, not home


async def test_unknown_login_is_read_only_with_a_notice(make_app, wait_until, text_of, notifications):
    app = make_app(login="stranger")
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "pupils" in text_of(shown(app, HomeScreen, "#figures")))
        assert "READ-ONLY" in app.sub_title and "stranger" in app.sub_title
        assert any(severity == "warning" and "'stranger' is not on the staff list" in message
                   for severity, message in notices)
        assert app.screen.query_one("#classes", DataTable).row_count == 0
        assert app.screen.query_one("#mentees", DataTable).row_count == 0
        assert app.return_code is None  # still running: no crash


async def test_find_zoe_and_open_her_summary(make_app, school, wait_until, text_of):
    # Zoë's Reading line runs St 1 Ready -> St 1 Securing: 3 steps, HT4 of 6 -> 2 steps on.
    expected_reading = "St 1 Developing"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.press("f")
        assert isinstance(app.screen, PupilFinderScreen)
        assert isinstance(app.focused, Input)
        await pilot.press(*"zoe")
        results = app.screen.query_one("#results", DataTable)
        await wait_until(pilot, lambda: results.row_count > 0)
        # Accents ignored; the leaver "Zoey Left" is left out.
        assert text_of(results).splitlines() == ["Zoë O'Neill | 4B | Y4 | X011000000001 | SEN K EAL"]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and app.screen.summary is not None)
        head = text_of(app.screen.query_one("#pupil-head"))
        assert "Zoë O'Neill · 4B · Year 4 · UPN X011000000001" in head
        assert "Mentor: Tess Tester" in head and "SEN K EAL" in head
        assert f"Next meeting: * due by {half_term(school.start_year, 4).end:%d %b}; last " in head
        rows = {line.split(" | ")[0]: [cell.strip() for cell in line.split("|")]
                for line in text_of(app.screen.query_one("#subjects")).splitlines()}
        # Subject, stage, HT1-HT6 ("2Dm A": St 2 Developing, mid, Above), baseline, target, expected, status.
        assert rows["Reading"] == ["Reading", "2", "2Dm A", "2Dm A", "2Dm A", "2Dm A", "", "",
                                   "1R", "1S", "1D", "A Above"]
        assert rows["Maths"][:3] == ["Maths", "2", "2El B"] and rows["Maths"][-1] == "B Not achieving"
        assert rows["Maths"][8:10] == ["3R", "4R"]
        await wait_until(pilot, lambda: "crosses" in text_of(app.screen.query_one("#subject-detail")))
        detail = text_of(app.screen.query_one("#subject-detail"))
        assert detail.splitlines() == [
            "Reading now: St 2 Developing (mid)",
            "14 of 30 crosses, stage 2 bank",
            "3 more for the next band",
            "APS 16 · NC 2B-2A",
            "Baseline St 1 Ready",
            "Target St 1 Securing",
            f"Expected now {expected_reading}",
        ]
        await pilot.press("down")
        await wait_until(pilot, lambda: "Maths now: St 2 Emerging (low)" in text_of(app.screen.query_one("#subject-detail")))
        assert "3 of 30 crosses, stage 2 bank" in text_of(app.screen.query_one("#subject-detail"))

        await pilot.press("escape")
        assert isinstance(app.screen, PupilFinderScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_finder_includes_leavers_on_request_and_matches_upn(make_app, wait_until, text_of):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.press("slash")
        await pilot.press(*"zoe")
        results = app.screen.query_one("#results", DataTable)
        await wait_until(pilot, lambda: results.row_count == 1)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: results.row_count == 2)
        assert "Zoey Left | 4B | Y4 | T011000000006 | left" in text_of(results)
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"b2000")
        await wait_until(pilot, lambda: "Ella Evans" in text_of(results))
        assert results.row_count == 4
        await pilot.press(*"99")
        await wait_until(pilot, lambda: "No pupil matches 'b200099'" in text_of(app.screen.query_one("#scope")))
        assert results.row_count == 0
        await pilot.press("[", "/", "b", "]")  # markup-like typing is shown, not parsed
        await wait_until(pilot, lambda: "No pupil matches 'b200099[/b]'" in text_of(app.screen.query_one("#scope")))


async def test_enter_on_a_class_lists_its_pupils(make_app, wait_until, text_of):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        app.screen.query_one("#classes").focus()
        await pilot.press("enter")  # the class's menu: one of its entries lists its pupils
        await wait_until(pilot, lambda: app.screen.query("#class-menu")
                         and app.screen.query_one("#class-menu").option_count)
        menu = app.screen.query_one("#class-menu")
        menu.highlighted = menu.get_option_index("find")
        assert "Pupils in the class" in str(menu.get_option_at_index(menu.highlighted).prompt)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))
        results = app.screen.query_one("#results", DataTable)
        await wait_until(pilot, lambda: results.row_count == 5)
        assert {line.split(" | ")[1] for line in text_of(results).splitlines()} == {"4B"}
        await pilot.press("ctrl+o")  # all classes: nothing typed, so nothing listed
        await wait_until(pilot, lambda: results.row_count == 0)
        assert "All classes" in text_of(app.screen.query_one("#scope"))


async def test_enter_on_a_mentee_opens_the_pupil(make_app, wait_until, text_of):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.press("tab")  # classes -> mentees
        assert app.focused.id == "mentees"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and app.screen.summary is not None)
        assert app.screen.summary.pupil.name == "Adam Ash"
        assert "! overdue" in text_of(app.screen.query_one("#pupil-head"))


async def test_palette_lists_screens_and_system_commands_and_opens_finder(make_app, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        options = app.screen.query_one("CommandList", OptionList)
        await wait_until(pilot, lambda: options.option_count >= 4)
        titles = {str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)}
        assert {"Home", "Find a pupil", "Theme", "Quit"} <= titles
        await pilot.press(*"find")
        await wait_until(pilot, lambda: options.option_count >= 1 and "Find a pupil"
                         in str(options.get_option_at_index(0).prompt))
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))
        # "Home" from the palette goes back down the stack rather than stacking another.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"home")
        options = app.screen.query_one("CommandList", OptionList)
        await wait_until(pilot, lambda: options.option_count >= 1
                         and "Home" in str(options.get_option_at_index(0).prompt))
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert len(app.screen_stack) == 2


async def test_database_failure_in_a_worker_is_an_error_notification(make_app, monkeypatch, wait_until,
                                                                    text_of, notifications):
    from amtui.db.connection import DatabaseBusy

    def busy(*args, **kwargs):
        raise DatabaseBusy("The database is busy: other staff are saving a lot at once.")

    monkeypatch.setattr(home_repo, "my_classes", busy)
    app = make_app()
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "busy" in text_of(shown(app, HomeScreen, "#figures")))
        errors = [message for severity, message in notices if severity == "error"]
        assert errors and "The database is busy" in errors[0]
        assert app.return_code is None  # the app carries on
        monkeypatch.undo()
        await pilot.press("r")  # and recovers when asked again
        await wait_until(pilot, lambda: on_home(app))


async def test_unexpected_error_is_reported_without_a_traceback(make_app, monkeypatch, wait_until,
                                                               notifications):
    monkeypatch.setattr(home_repo, "school_figures", lambda *a: 1 / 0)
    app = make_app()
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: any(severity == "error" for severity, _ in notices))
        message = next(message for severity, message in notices if severity == "error")
        assert "ZeroDivisionError" in message and "Nothing was changed" in message
        assert app.return_code is None


async def test_footer_shows_described_keys_and_help_lists_them(make_app, wait_until, text_of):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        shown = {b.description for _, b, enabled, _ in app.screen.active_bindings.values() if b.show}
        assert {"Quit", "Find pupil", "Refresh", "Open", "Keys"} <= shown
        await pilot.press("question_mark")
        assert isinstance(app.screen, KeysScreen)
        keys = text_of(app.screen.query_one("#keys-table")).splitlines()
        assert "r | Refresh | home.refresh | Read the figures again" in keys
        assert any(line.startswith("/ | Find pupil") for line in keys)  # hidden in the footer, listed here
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_start_up_warnings_and_a_start_screen(make_app, school, wait_until, notifications):
    school.opened.warnings.append("The database is on /mnt/school (cifs): 'nobrl' ...")
    app = make_app(screen="find")
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))
        # Straight to the screen asked for (home is not built first) ...
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["PupilFinderScreen"]
        assert ("warning", "The database is on /mnt/school (cifs): 'nobrl' ...") in notices
        await pilot.press("escape")  # ... and leaving it comes home
        await wait_until(pilot, lambda: on_home(app))


async def test_a_session_that_cannot_load_says_why_and_quits_cleanly(make_app, monkeypatch, wait_until,
                                                                   text_of, notifications):
    from amtui.db.connection import DatabaseUnavailable
    from amtui.ui import app as app_module

    def unavailable(login, today=None):
        raise DatabaseUnavailable("Cannot use the database: disk I/O error.")

    monkeypatch.setattr(app_module, "load_session", unavailable)
    app = make_app()
    notices = notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "disk I/O error" in text_of(app.screen.query_one("#opening")))
        assert ("error", "Cannot use the database: disk I/O error.") in notices
        await pilot.press("f")  # nothing to find in yet: a message, not a crash
        assert any("Still opening" in message for _, message in notices)
        await pilot.press("q")
    assert app.return_code == 0


async def test_go_to_menu_opens_registered_screens(make_app, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.press("tab", "tab")  # classes -> mentees -> the menu
        assert app.focused.id == "menu"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))


async def test_names_that_look_like_markup_show_as_typed(make_app, school, wait_until, text_of):
    from amtui.db.connection import write
    from amtui.db.models import Pupil

    write(lambda: Pupil.update(surname="Hill [/i]").where(Pupil.id == school.pupils["Harry Hill"]).execute())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.press("f", *"harry")
        results = app.screen.query_one("#results", DataTable)
        await wait_until(pilot, lambda: results.row_count == 1)
        assert text_of(results).startswith("Harry Hill [/i] | 6R")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.summary)
        assert "Harry Hill [/i] · 6R" in text_of(app.screen.query_one("#pupil-head"))


async def test_a_screen_asked_for_with_nothing_opens_its_chooser_and_the_menu_lists_only_destinations(
        make_app, school, wait_until):
    from amtui.ui import navigation
    from amtui.ui.screens.meeting.mentees import MenteesScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        menu = app.screen.query_one("#menu", OptionList)
        keys = {menu.get_option_at_index(i).id for i in range(menu.option_count)}
        assert {"find", "pupil", "meeting"} <= keys
        assert not keys & {"weekly_overview", "weekly_history"}  # reached from the weekly sheet only
        app.open_screen("pupil")  # no pupil named: the finder, to choose one
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))
        app.open_screen("meeting")  # no pupil named: the mentees, to choose one
        await wait_until(pilot, lambda: isinstance(app.screen, MenteesScreen))
        app.open_screen("pupil", pupil_id=school.pupils["Zoë O'Neill"])  # one named: their page
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.summary is not None)
        assert app.screen.summary.pupil.name == "Zoë O'Neill"
        assert navigation.SCREENS["pupil"].chooser == "find"


async def test_a_session_that_cannot_be_read_says_why_and_how_to_leave(make_app, monkeypatch, wait_until, text_of,
                                                                       notifications):
    from amtui.db.connection import DatabaseUnavailable
    from amtui.ui import app as app_module

    def away(*args):
        raise DatabaseUnavailable("The database cannot be reached: the network drive has gone away.")

    monkeypatch.setattr(app_module, "load_session", away)
    app = make_app()
    notes = notifications(app)  # from the start: the session is read at once
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "Press q to quit" in text_of(app.screen.query_one("#opening")))
        assert "the network drive has gone away" in text_of(app.screen.query_one("#opening"))
        assert notes == [("error", "The database cannot be reached: the network drive has gone away.")]
        assert app.session is None
        await pilot.press("q")
    assert app.return_code == 0
