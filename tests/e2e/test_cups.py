"""Printing through a real CUPS: a class's profiles, asked for with the school's print queue
set, arrive at the printer as one PDF with a page per pupil, on A4, from the command line
and from the class grid; a queue CUPS does not know loses nothing and says where the print
was kept (CUPS not running at all: tests/ui/test_printing.py).

The printer is Debian's cups-pdf, which "prints" each job to a PDF file (see cups.py).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from cups import cups_server, missing
from tmux import load_small_school

from amtui import cli
from amtui.db.connection import write
from amtui.db.models import SchoolSetting
from amtui.reports.printing import chromium
from tests.printed import is_a4, pdf_pages

pytestmark = [pytest.mark.skipif(bool(missing()), reason=missing() or "CUPS can run here"),
              pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")]


@pytest.fixture(scope="module")
def cups():
    with cups_server() as running:
        yield running


def school_printing_to(queue: str, folder: Path, monkeypatch, cups_server: str, *, open_=False):
    """The small school (class 4B: five pupils on roll and a leaver) with ``queue`` in its
    settings; lp talks to ``cups_server``; kept prints go under ``folder``. Returns the
    database's path, or with ``open_`` the school as built, still open (for the app)."""
    made = load_small_school().build(folder / "school.db")
    write(lambda: SchoolSetting.replace(key="print_queue", value=queue).execute())
    monkeypatch.setenv("CUPS_SERVER", cups_server)
    monkeypatch.setenv("AMTUI_CONFIG", str(folder / "none.toml"))
    monkeypatch.setenv("AMTUI_PRINTS", str(folder / "prints"))
    if open_:
        return made
    made.opened.db.close()
    return str(folder / "school.db")


def test_a_class_profiles_arrive_as_one_pdf_a_page_per_pupil_on_a4(cups, tmp_path, monkeypatch, capsys):
    db = school_printing_to(cups.queue, tmp_path, monkeypatch, cups.env["CUPS_SERVER"])
    assert cli.main(["--db", db, "print", "profiles", "--class", "4B"]) == 0
    said = capsys.readouterr()
    assert re.search(rf"^amtui: Sent 5 profiles to {cups.queue}, job {cups.queue}-\d+\.$", said.err, re.M), said.err
    pages, size = pdf_pages(cups.wait_for_pdf())
    assert pages == 5 and is_a4(size), (pages, size)
    assert said.out == "" and not (tmp_path / "prints").exists()  # on paper: no file left behind


def test_a_queue_cups_does_not_know_keeps_the_print_and_says_where(cups, tmp_path, monkeypatch, capsys):
    db = school_printing_to("Office-Printer", tmp_path, monkeypatch, cups.env["CUPS_SERVER"])
    assert cli.main(["--db", db, "print", "profiles", "--class", "4B"]) == 1
    said = capsys.readouterr()
    [kept] = (tmp_path / "prints").glob("profiles-4B-ht*.pdf")
    assert "there is no print queue 'Office-Printer' (lpstat -p lists the queues" in said.err
    assert f"Nothing is lost: the print was kept in {kept}." in said.err and said.out.split() == [str(kept)]
    assert pdf_pages(kept)[0] == 5 and kept.stat().st_mode & 0o077 == 0  # the person's alone


async def test_from_the_class_grid_P_sends_the_profiles_and_says_which_job(cups, tmp_path, monkeypatch):
    from amtui.ui.app import AmtuiApp
    from amtui.ui.dialogs.printing import PrintDialog
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    made = school_printing_to(cups.queue, tmp_path, monkeypatch, cups.env["CUPS_SERVER"], open_=True)
    app = AmtuiApp(made.opened, "tester", screen="class_grid", screen_args={"class_name": "4B", "subject": "Reading"},
                   today=made.today)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await until(pilot, lambda: isinstance(pilot.app.screen, ClassGridScreen) and pilot.app.screen.data
                           and pilot.app.screen)
        await pilot.press("P")
        await until(pilot, lambda: isinstance(pilot.app.screen, PrintDialog))
        await until(pilot, lambda: pilot.app.screen is grid and "Sent" in grid.said, seconds=60)
        assert re.fullmatch(rf"Sent 5 profiles to {cups.queue}, job {cups.queue}-\d+\.", grid.said), grid.said
    pages, size = pdf_pages(cups.wait_for_pdf())
    assert pages == 5 and is_a4(size)


async def until(pilot, condition, seconds: float = 10):
    """What ``condition()`` gives once it is true, letting the app run meanwhile."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {condition}"
        await pilot.pause(0.05)
    return found
