"""Where a print goes and what amtui says about it, when the tools it needs are missing and
on the school server. (A real CUPS: tests/e2e/test_cups.py; the app: tests/ui/test_printing.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui import config, identity
from amtui.reports import printing
from amtui.reports.printing import Printed, PrintFailed, QueueRefused


@pytest.fixture
def no_tools(tmp_path, monkeypatch):
    """A PATH on which neither lp nor Chromium can be found."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_lp_the_print_is_refused_with_the_package_to_install(no_tools, tmp_path):
    document = tmp_path / "profiles.pdf"
    document.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(QueueRefused, match=r"lp is not installed here \(the admin installs cups-client\)"):
        printing.send(document, "Office-Printer", "profiles")


def test_without_chromium_nothing_is_printed_and_the_message_says_why(no_tools, tmp_path):
    page = tmp_path / "profiles.html"
    page.write_text("<!doctype html><p>Hello</p>")
    with pytest.raises(PrintFailed, match=r"needs Chromium to make the PDF; the admin installs it"):
        printing.deliver([page], "5 profiles", "Office-Printer")


def test_a_record_cups_refused_is_kept_the_persons_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cups.sock"))  # no CUPS there, or no lp at all
    made = tmp_path / "made" / "profiles-4B-ht2.txt"
    made.parent.mkdir()
    made.write_text("profiles")
    printed = printing.deliver([made], "5 profiles", "Office-Printer")  # text goes to lp as it is
    kept = tmp_path / "prints" / "profiles-4B-ht2.txt"
    assert printed.paths == (kept,) and kept.read_text() == "profiles" and kept.stat().st_mode & 0o077 == 0
    assert printed.message().startswith("Cannot print") and printed.message().endswith(
        f"Nothing is lost: the print was kept in {kept}.")


def test_on_the_school_server_kept_prints_go_in_a_folder_per_person(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    assert printing.prints_folder() == tmp_path / "prints"
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    monkeypatch.setattr(identity, "current_person", lambda: identity.Person("jsmith", None))
    assert printing.prints_folder() == tmp_path / "prints" / "jsmith"


def test_what_a_print_says():
    folder = Path("/home/tess/amtui-prints")
    assert Printed("28 profiles", queue="Office-Printer", job="Office-Printer-12").message() == \
        "Sent 28 profiles to Office-Printer, job Office-Printer-12."
    assert Printed("the class record of 4B", (folder / "a.txt", folder / "a.html")).message() == \
        f"Wrote the class record of 4B to {folder}."
    assert Printed("the meeting summary", (folder / "m.pdf",), "Office-Printer", problem="Cannot print.").message() \
        == f"Cannot print. Nothing is lost: the print was kept in {folder / 'm.pdf'}."
