"""``amtui export groups`` and ``amtui print governors`` on the demo school: the figures
against the database, no pupil named, A4 pages."""

from __future__ import annotations

import csv
import io
from collections import Counter

from amtui import cli
from amtui.db.connection import read, write
from amtui.db.models import Pupil, Staff, StaffRemit
from amtui.db.repo import school, tracking
from amtui.db.repo.staff import identify
from amtui.reports.governors import export_groups, governors_sections, write_governors
from tests import leaders_demo
from tests.leaders_demo import SLT, TODAY
from tests.printed import is_a4, needs_chromium, rendered

built, demo = leaders_demo.built, leaders_demo.demo  # the shared demo school's fixtures


def test_the_pupil_premium_rows_are_the_databases_counts(demo):
    out = io.StringIO()
    assert export_groups(out, "Maths", 2, "pp", TODAY) == 3
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    ht = school.half_term(2026, 2)
    maths = school.subject_by_name("Maths")
    positions = [r for r in tracking.pupil_subject_positions(ht, subject_id=maths.id) if r.baseline is not None]
    for name, flag in (("Pupil premium", True), ("Not pupil premium", False)):
        mine = [r for r in positions if r.pupil.pupil_premium is flag]
        statuses = Counter(r.status.value for r in mine if r.status)
        row = rows[name]
        assert (row["subject"], row["half_term"]) == ("Maths", "2026-27 HT2")
        assert int(row["pupils"]) == len(mine)
        assert [int(row[k]) for k in ("above", "on_target", "nearly", "not_achieving")] == [
            statuses[k] for k in ("above", "on_target", "nearly", "not_achieving")]
        assessed = sum(statuses.values())
        assert int(row["on_or_above_pct"]) == round(100 * (statuses["above"] + statuses["on_target"]) / assessed)
        steps = [r.substage.step - r.baseline.step for r in mine if r.substage]
        assert float(row["mean_steps"]) == round(sum(steps) / len(steps), 1)
    assert int(rows["All pupils"]["pupils"]) == len(positions)


def test_every_split_and_subject_by_default(demo):
    out = io.StringIO()
    export_groups(out, half_term=2, today=TODAY)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["group", "subject", "half_term", "pupils", "above", "on_target", "nearly",
                             "not_achieving", "on_or_above_pct", "mean_steps"]
    assert {r["subject"] for r in rows} == {s.name for s in school.subjects()}
    assert {"Girls", "Boys", "SEN support", "EHC plan", "EAL", "Low prior attainment", "Year 4"} <= {
        r["group"] for r in rows}


def test_the_command_refuses_a_teaching_assistant_and_an_unknown_subject(demo, login_as, capsys):
    login_as("jmarsh")
    assert cli.main(["--db", str(demo.target.path), "export", "groups"]) == 1
    said = capsys.readouterr().err
    assert "Only Head of department or Head of year or Senior leadership" in said and "jmarsh" in said
    login_as(SLT)
    assert cli.main(["--db", str(demo.target.path), "export", "groups", "--subject", "Latin"]) == 1
    assert "There is no subject 'Latin'" in capsys.readouterr().err


def _names() -> set[str]:
    return {name for pair in read(lambda: list(Pupil.select(Pupil.forename, Pupil.surname).tuples()))
            for name in pair}


@needs_chromium
def test_the_governors_report_is_a4_with_charts_and_names_no_pupil(demo, tmp_path):
    paths, what = write_governors(tmp_path / "prints", 2, TODAY)
    page = paths[0].read_text(encoding="utf-8")
    assert what == "the governors' report for HT2 Autumn 2"
    assert page.count("<svg") >= 3 * len(school.subjects())
    assert "Gap to others" in page and "(n=" in page and " vs " in page
    words = set(page.replace("<", " ").replace(">", " ").replace('"', " ").split())
    named = sorted(name for name in _names() if name in words or f">{name}<" in page)
    assert named == []
    pages, size = rendered(paths[0])
    assert is_a4(size) and pages >= len(school.subjects())


def _export_as(login: str, *args) -> list[dict]:
    out = io.StringIO()
    export_groups(out, *args, half_term=2, today=TODAY, user=identify(login, TODAY))
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_a_head_of_year_exports_and_reports_their_year_group_only(demo):
    ht = school.half_term(2026, 2)
    maths = school.subject_by_name("Maths")
    year6 = [r for r in tracking.pupil_subject_positions(ht, subject_id=maths.id)
             if r.pupil.year_group == 6 and r.baseline is not None]
    rows = {(r["subject"], r["group"]): r for r in _export_as("hfraser")}
    assert {s for s, _ in rows} == {s.name for s in school.subjects()}  # every subject, one year
    assert {g for _, g in rows if g.startswith("Year ")} == {"Year 6"}
    assert int(rows[("Maths", "All pupils")]["pupils"]) == len(year6)
    assert int(rows[("Maths", "Year 6")]["pupils"]) == len(year6)
    sections = governors_sections(ht, TODAY, user=identify("hfraser", TODAY))
    for now, history in sections:
        assert {f.year_group for f in now.facts} == {6} and history[-1] is now
        ids = {f.pupil_id for f in now.facts}
        assert all({f.pupil_id for f in point.facts} <= ids for point in history)
    everyone = {now.subject.name: len(now.facts) for now, _ in governors_sections(ht, TODAY)}
    assert all(len(now.facts) < everyone[now.subject.name] for now, _ in sections)


def test_a_head_of_department_exports_and_reports_the_subject_they_head(demo):
    maths = school.subject_by_name("Maths")
    write(lambda: StaffRemit.create(staff=Staff.get(Staff.username == "mnowak").id, subject=maths.id))
    rows = _export_as("mnowak")
    assert {r["subject"] for r in rows} == {"Maths"}
    whole = io.StringIO()
    export_groups(whole, half_term=2, today=TODAY)
    assert rows == [r for r in csv.DictReader(io.StringIO(whole.getvalue())) if r["subject"] == "Maths"]
    sections = governors_sections(school.half_term(2026, 2), TODAY, user=identify("mnowak", TODAY))
    assert [now.subject.name for now, _ in sections] == ["Maths"]


def test_senior_leaders_see_the_whole_school(demo):
    whole = io.StringIO()
    export_groups(whole, half_term=2, today=TODAY)
    assert _export_as(SLT) == list(csv.DictReader(io.StringIO(whole.getvalue())))


def test_the_command_exports_a_head_of_years_year_group_only(demo, login_as, capsys):
    login_as("hfraser")
    assert cli.main(["--db", str(demo.target.path), "export", "groups", "--by", "year"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["group"] for r in rows} == {"Year 6", "All pupils"}
