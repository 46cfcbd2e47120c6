"""Printing from the class grid: p prints the class record, P the class's profiles, each with
a progress bar while the dialog's queue makes it and the result in the grid's message line. Files where the
person can reach them without a queue; on the school server, a plain refusal instead."""

from __future__ import annotations

import pytest
from textual.widgets import ProgressBar

from amtui import config
from amtui.db.connection import write
from amtui.db.models import SchoolSetting
from amtui.reports.printing import NO_QUEUE_ON_SERVER, chromium
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.printing import PrintDialog
from amtui.ui.screens.grid.class_grid import ClassGridScreen
from tests.printed import pdf_pages


def grid_app(school) -> AmtuiApp:
    return AmtuiApp(school.opened, "tester", screen="class_grid",
                    screen_args={"class_name": "4B", "subject": "Reading"}, today=school.today)


async def grid(pilot, wait_until) -> ClassGridScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ClassGridScreen) and pilot.app.screen.data)
    return pilot.app.screen


async def test_p_prints_the_class_record_as_files_without_a_queue(school, wait_until, tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    async with grid_app(school).run_test(size=(80, 24)) as pilot:
        screen = await grid(pilot, wait_until)
        await pilot.press("p")
        await wait_until(pilot, lambda: "Wrote the class record of 4B to" in screen.said)
        assert pilot.app.screen is screen  # the print's dialog has gone
    written = sorted(p.suffix for p in (tmp_path / "prints").iterdir())
    assert written == [".html", ".txt"]
    assert next((tmp_path / "prints").glob("*.txt")).read_text().startswith("Class record: 4B, Reading stage 2")


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
async def test_P_prints_the_profiles_with_a_progress_bar_and_keeps_them_when_cups_is_down(
        school, wait_until, tmp_path, monkeypatch, notifications):
    write(lambda: SchoolSetting.replace(key="print_queue", value="Office-Printer").execute())
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cups.sock"))  # CUPS is not running there
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    steps: list[tuple[str, float]] = []
    shown = PrintDialog._show
    monkeypatch.setattr(PrintDialog, "_show", lambda self, step, part: steps.append((step, part)) or shown(
        self, step, part))
    async with grid_app(school).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        screen = await grid(pilot, wait_until)
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PrintDialog))
        assert pilot.app.screen.query_one("#print-bar", ProgressBar) is not None
        await wait_until(pilot, lambda: "Nothing is lost" in screen.said, timeout=60)
        message = screen.said
        assert notes == [("warning", message)]  # too long for the message line's two lines: all of it here
    assert "Cannot print: CUPS (the print service) is not running" in message
    [kept] = (tmp_path / "prints").glob("profiles-4B-ht*.pdf")
    assert f"the print was kept in {kept}." in message.replace("\n", "")
    assert pdf_pages(kept)[0] == 5  # one document, a page per pupil on roll
    names = [step for step, _ in steps]
    assert names[:5] == ["Adam Ash", "Bella Brown", "Callum Cole", "Dara Doyle", "Zoë O'Neill"]
    assert "making the PDF" in names and names[-1] == "done"
    assert [part for _, part in steps] == sorted(part for _, part in steps)  # the bar only moves on


async def test_on_the_school_server_without_a_queue_the_app_says_to_set_one(school, wait_until, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    async with grid_app(school).run_test(size=(80, 24)) as pilot:
        screen = await grid(pilot, wait_until)
        monkeypatch.setattr(config, "in_service_mode", lambda: True)  # as the service account from here
        await pilot.press("P")
        await wait_until(pilot, lambda: "needs a print queue" in screen.said)
        assert screen.said.replace("\n", "") == NO_QUEUE_ON_SERVER
    assert not (tmp_path / "prints").exists()  # nothing left where the teacher could not reach it


async def test_the_home_class_menu_prints_the_class_profiles(school, wait_until, tmp_path, monkeypatch,
                                                             notifications):
    from textual.widgets import DataTable, OptionList

    from amtui.ui.dialogs.class_menu import ClassMenu

    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    monkeypatch.setattr("amtui.reports.printing.chromium", lambda: None)  # the HTML, whatever the machine has
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notifications(app)
        await wait_until(pilot, lambda: app.screen.query("#classes") and
                         app.screen.query_one("#classes", DataTable).row_count == 1)
        app.screen.query_one("#classes", DataTable).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClassMenu) and
                         app.screen.query_one("#class-menu", OptionList).option_count > 0)
        menu = app.screen.query_one("#class-menu", OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        menu.highlighted = labels.index("Print the class's profiles (this half-term)")
        await pilot.press("enter")
        await wait_until(pilot, lambda: notes, timeout=60)
        assert not isinstance(app.screen, (ClassMenu, PrintDialog))
    [(severity, said)] = notes
    [written] = (tmp_path / "prints").glob("profiles-4B-ht*.html")
    assert severity == "information" and "5 profiles" in said and written.name in said.replace("\n", ""), said
    assert "Adam Ash" in written.read_text(encoding="utf-8")


async def test_a_class_menu_whose_subjects_cannot_be_read_still_offers_the_rest(school, wait_until, monkeypatch,
                                                                               notifications):
    from textual.widgets import DataTable, OptionList

    from amtui.db.connection import DatabaseUnavailable
    from amtui.ui.dialogs import class_menu
    from amtui.ui.dialogs.class_menu import CLASS_SCREENS, ClassMenu

    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#classes") and
                         app.screen.query_one("#classes", DataTable).row_count == 1)
        notes = notifications(app)

        def away():
            raise DatabaseUnavailable("The database cannot be reached: the network drive has gone away.")

        monkeypatch.setattr(class_menu.school, "subjects", away)
        app.screen.query_one("#classes", DataTable).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClassMenu))
        await app.screen.db.idle()
        menu = app.screen.query_one("#class-menu", OptionList)
        assert [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)] == \
            [label for _, label in CLASS_SCREENS]
        assert notes == [("error", "The database cannot be reached: the network drive has gone away.")]


async def test_a_print_that_fails_says_why_and_a_bug_is_reported_as_one(school, wait_until, tmp_path,
                                                                         monkeypatch, caplog):
    from amtui.reports.printing import PrintFailed

    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    app = AmtuiApp(school.opened, "tester", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.session is not None)
        said: list[str] = []

        def refused(folder, progress):
            raise PrintFailed("Cannot print: the printer has no paper. Nothing is lost.")

        def buggy(folder, progress):
            progress("Adam Ash", 0.2)
            return {}["pupil_id"]

        for write in (refused, buggy):
            app.push_screen(PrintDialog("Printing", write), said.append)
            await wait_until(pilot, lambda: len(said) == [refused, buggy].index(write) + 1)
        assert not isinstance(app.screen, PrintDialog)
    assert said[0] == "Cannot print: the printer has no paper. Nothing is lost."
    assert said[1] == "Nothing was printed: amtui failed (KeyError: 'pupil_id'); the log has the details."
    [logged] = [r for r in caplog.records if r.levelname == "ERROR"]  # the bug, not the refusal
    assert logged.exc_info[0] is KeyError
