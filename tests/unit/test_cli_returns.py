"""amtui returns windows / open, amtui export returns and missing-returns --return NAME."""

from __future__ import annotations

import csv
import io

import pytest

from amtui import cli
from amtui.db.models import AuditEntry
from tests.returns_school import Y11, seed_with_a_return_made


@pytest.fixture
def school(opened, db_path, tmp_path, login_as, monkeypatch):
    monkeypatch.delenv("AMTUI_DB", raising=False)
    login_as("admin")
    seed_with_a_return_made(tmp_path)
    return db_path


def run(db, capsys, *words):
    capsys.readouterr()
    code = cli.main(["--db", str(db), *words])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_returns_lists_every_return_of_the_window(school, capsys):
    code, out, _ = run(school, capsys, "export", "returns", "--return", "y11 now")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["upn", "subject", "teacher", "aob", "projected", "coursework", "checked"],
        [Y11[0], "Maths", "Mo Maths", "", "6", "5", ""]]
    assert AuditEntry.select().where(AuditEntry.action == "export.returns").count() == 1


def test_export_missing_returns_names_who_to_chase(school, capsys):
    code, out, _ = run(school, capsys, "export", "missing-returns", "--return", "Y11 Now")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["subject", "group", "teacher", "upn", "surname", "forename"]
    assert rows[1:] == [["History", "11A/Hi1", "Hal History", Y11[0], "Ash", "Amy"],
                        ["Maths", "11A/Ma1", "Mo Maths", Y11[1], "Birch", "Ben"],
                        ["Maths", "11A/Ma2", "Mia Sums", Y11[2], "Cedar", "Cal"],
                        ["Maths", "11A/Ma2", "Mia Sums", Y11[3], "Dale", "Dee"]]


def test_an_export_without_a_known_return_says_which_there_are(school, capsys):
    code, _, err = run(school, capsys, "export", "returns")
    assert code == 1 and "needs --return NAME" in err
    code, _, err = run(school, capsys, "export", "returns", "--return", "Y12 Nope")
    assert code == 1 and "no return called 'Y12 Nope'" in err and "Y11 October" in err


def test_the_calendar_is_listed_and_the_amt_opens_a_return(school, capsys, login_as):
    code, out, _ = run(school, capsys, "returns", "windows")
    assert code == 0 and "Y11 October" in out and "projected + coursework" in out
    login_as("amt1")
    code, _, err = run(school, capsys, "returns", "open", "Y11 Mocks", "--year", "11", "--due", "2027-01-15")
    assert code == 0 and "Y11 Mocks (Year 11, projected) opens 01/01/2027, due 15/01/2027" in err
    login_as("maths1")
    code, _, err = run(school, capsys, "returns", "open", "Y11 X", "--year", "11", "--due", "2027-01-15")
    assert code == 1 and "Only Senior leadership or Assertive Mentoring team may set the progress returns' calendar" \
        in err and "Nothing was changed" in err


def test_a_teacher_lists_the_calendar_their_return_screen_points_them_to(school, capsys, login_as):
    # "No return is open for your teaching groups today (amtui returns windows lists the
    # year's)": a teacher was refused it, as if it were SLT's monitoring figures.
    login_as("hist1")
    code, out, err = run(school, capsys, "returns", "windows")
    assert code == 0 and "Y11 October" in out and "Y11 Now" in out and not err


def test_an_export_whose_reader_stops_early_is_recorded_with_the_rows_it_was_given(school, capsys, monkeypatch):
    # `amtui export missing-returns ... | head -2`: it said "Cannot write None: Broken pipe",
    # failed, and the rows the reader took were in no audit entry.
    import sys

    class StoppedReader(io.StringIO):
        def write(self, text: str) -> int:
            if self.getvalue().count("\n") >= 2:  # the header and one row read, then the pipe closes
                raise BrokenPipeError(32, "Broken pipe")
            return super().write(text)

    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", StoppedReader())
    code = cli.main(["--db", str(school), "export", "missing-returns", "--return", "Y11 Now"])
    err = capsys.readouterr().err
    assert code == 0 and "None" not in err and "stopped it after at most 1 rows" in err
    entry = AuditEntry.get(AuditEntry.action == "export.missing-returns")
    assert entry.entity_id == "stdout" and '"rows": 1' in entry.detail


def test_a_return_refused_says_why_then_that_nothing_changed(school, capsys, login_as):
    login_as("amt1")
    code, _, err = run(school, capsys, "returns", "open", "Y11 Mocks", "--year", "14", "--due", "2027-01-15")
    assert code == 1 and "not Year 14. Nothing was changed." in err  # it ran on: "not Year 14 Nothing was"
    code, _, err = run(school, capsys, "returns", "open", "Y11 Mocks", "--year", "11", "--due", "2027-01-15",
                       "--opens", "2027-01-20")
    assert code == 1 and "(20 Jan 2027). Nothing was changed." in err
