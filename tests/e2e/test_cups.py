"""Printing through a real CUPS: a class's profiles, asked for with the school's print queue
set, arrive at the printer as one PDF with a page per pupil, on A4; a queue CUPS does not
know, or CUPS not running, loses nothing and says where the print was kept.

The printer is Debian's cups-pdf, which "prints" each job to a PDF file (see cups.py).
"""

from __future__ import annotations

import re
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


def school_printing_to(queue: str, folder: Path, monkeypatch, cups_server: str) -> str:
    """The small school (class 4B: five pupils on roll and a leaver) with ``queue`` in its
    settings; lp talks to ``cups_server``; kept prints go under ``folder``."""
    made = load_small_school().build(folder / "school.db")
    write(lambda: SchoolSetting.replace(key="print_queue", value=queue).execute())
    made.opened.db.close()
    monkeypatch.setenv("CUPS_SERVER", cups_server)
    monkeypatch.setenv("AMTUI_CONFIG", str(folder / "none.toml"))
    monkeypatch.setenv("AMTUI_PRINTS", str(folder / "prints"))
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


def test_cups_not_running_keeps_the_print_and_says_so(tmp_path, monkeypatch, capsys):
    db = school_printing_to("Office-Printer", tmp_path, monkeypatch, str(tmp_path / "no-cups.sock"))
    assert cli.main(["--db", db, "print", "parents-evening", "--class", "4B"]) == 1
    said = capsys.readouterr().err
    assert "CUPS (the print service) is not running; the admin starts it" in said
    assert "Nothing is lost: the print was kept in" in said and "/parents-evening-4B-ht" in said
