"""``amtui export trust``: the trust view as CSV, for those who may see it."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from amtui import cli
from amtui.db.connection import Target
from amtui.db.repo import trust_view as reading
from amtui.db.startup import open_database
from amtui.domain import trust_view

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from small_school import build  # noqa: E402


def test_slt_export_their_schools_lines_and_a_teacher_is_refused(tmp_path, capsys, login_as):
    (tmp_path / "db").mkdir()
    path = tmp_path / "db" / "school.db"
    build(path).opened.db.close()
    login_as("head")
    out = tmp_path / "trust.csv"
    assert cli.main(["--db", str(path), "export", "trust", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    opened = open_database(Target(str(path)))
    try:
        (school,) = reading.figures(dt.date.today())
    finally:
        opened.db.close()
    everything = trust_view.row(school)
    first = rows[0]
    assert (first["school"], first["year_group"], first["subject"]) == (school.name, "All", "All")
    assert int(first["pupils_on_roll"]) == school.pupils == 9
    assert [int(first[k]) for k in ("above", "on_target", "nearly", "not_achieving")] == list(everything.shares.counts)
    assert int(first["meetings_due"]) == everything.meetings.due
    # Then every year group and subject with pupils assessed, each adding up to the whole.
    by_year = [r for r in rows if r["year_group"] != "All" and r["subject"] == "All"]
    assert sum(int(r["assessed"]) for r in by_year) == int(first["assessed"]) > 0
    assert all(int(r["assessed"]) > 0 for r in rows[1:])
    login_as("tester")
    assert cli.main(["--db", str(path), "export", "trust"]) == 1
    assert "may see SLT's monitoring figures" in capsys.readouterr().err
