"""The printed tracking sheet and parents' evening summary, and the print commands."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from amtui import cli
from amtui.db.repo import attainment, school
from amtui.reports.parents_evening import evening_html, evening_rows, evening_text
from amtui.reports.tracking_sheet import tracking_sheet_text, tracking_sheets_html

sys.path.insert(0, str(Path(__file__).parent / "db"))
from pupil_school import build  # noqa: E402


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    yield school_, extras
    school_.opened.db.close()


def sheet_of(made_school, code: str):
    subject = next(s.id for s in school.subjects() if s.code == code)
    return attainment.tracking_sheet(made_school.pupils["Zoë O'Neill"], subject,
                                     school.half_term(made_school.start_year, 4))


def test_tracking_sheet_text_has_six_columns_totals_and_bands(made):
    made_school, _ = made
    year = made_school.start_year
    lines = tracking_sheet_text(sheet_of(made_school, "R"), "Zoë O'Neill").splitlines()
    assert lines[0] == f"Tracking sheet: Zoë O'Neill, Reading stage 2 ({year}-{(year + 1) % 100:02d}, to HT4)"
    assert lines[1].split() == ["No", "Ref", "Criterion", "HT1", "HT2", "HT3", "HT4", "HT5", "HT6"]
    assert lines[3].split() == ["1", "R2/1", "Reading", "stage", "2", "criterion", "1", "X", "X", "X", "X"]
    by_ref = {line.split()[1]: line.split() for line in lines[3:33]}
    assert by_ref["R2/14"][-4:] == ["X", "X", "X", "X"]  # an absence after a cross hides nothing
    assert by_ref["R2/15"][-4:] == ["/", "/", "/", "/"]  # a newer line replaced the cross
    assert by_ref["R2/16"][-1] == "16"  # nothing recorded
    assert lines[33].split() == ["Crosses", "(X)", "in", "each", "column", "14", "14", "14", "14"]
    assert lines[34].split() == ["Sub-stage", "2Dm", "2Dm", "2Dm", "2Dm"]
    assert "Crosses: 0 St 2 Ready · 1-8 Emerging · 9-16 Developing · 17-24 Securing · 25-30 St 3 Ready" in lines


def test_tracking_sheet_html_has_a_page_per_subject_in_pen_colours(made):
    made_school, _ = made
    sheets = attainment.tracking_sheets(made_school.pupils["Zoë O'Neill"], school.half_term(made_school.start_year, 4))
    page = tracking_sheets_html(sheets, "Zoë O'Neill")
    assert page.count('<section class="sheet">') == 3 and "page-break-after: always" in page
    assert '<td style="color:#1f4fd0;font-weight:bold">X</td>' in page  # set in HT1, in HT1's pen
    assert '<td style="color:#1f4fd0;font-weight:normal">X</td>' in page  # carried on to HT2-HT4


def test_parents_evening_summary(made):
    made_school, _ = made
    rows = evening_rows(made_school.classes["4B"], today=made_school.today)
    lines = evening_text("4B", rows).splitlines()
    assert lines[0] == "Parents' evening: 4B HT4 Spring 2"
    assert lines[1].split() == ["Pupil", "Reading", "Writing", "Maths", "Att", "Red", "Weekly", "Targets",
                                "R/C/S", "Mentor", "Next"]
    zoe = next(line for line in lines if line.startswith("Zoë O'Neill"))
    assert "2Dm>1S A" in zoe and "2R>-" in zoe and "2El>4R B" in zoe and "1R 0C 0S" in zoe
    assert "Tess Tester" in zoe
    assert [line.split()[0] for line in lines[3:8]] == ["Adam", "Bella", "Callum", "Dara", "Zoë"]
    page = evening_html("4B", rows)
    assert "size: A4 landscape" in page and '<td style="background:#7bc67b">2Dm&gt;1S A</td>' in page


@pytest.fixture
def cli_env(made, monkeypatch, tmp_path, login_as):
    made_school, _ = made
    login_as("tester")
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AMTUI_PRINTS", str(tmp_path / "prints"))
    return made_school


def test_print_commands_write_their_files(cli_env, tmp_path_factory, capsys):
    db = str(cli_env.opened.target.url)
    out = tmp_path_factory.mktemp("prints") / "profiles"  # not beside the database: refused
    assert cli.main(["--db", db, "print", "profiles", "--class", "4b", "--out", str(out), "--format", "both"]) == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".html", ".txt"]  # one file per format
    assert all(p.name.startswith("profiles-4B-ht") for p in out.iterdir())
    assert "Wrote 5 profiles to " in capsys.readouterr().err  # one document, every pupil in it
    assert cli.main(["--db", db, "print", "tracking-sheet", "Zoe", "O'Neill", "--subject", "maths"]) == 0
    written = capsys.readouterr().out.split()
    assert [Path(p).suffix for p in written] == [".txt", ".html"]
    assert "Maths stage 2" in Path(written[0]).read_text() and "Reading" not in Path(written[0]).read_text()
    assert cli.main(["--db", db, "print", "parents-evening", "--class", "4B", "--half-term", "3"]) == 0
    assert "HT3 Spring 1" in Path(capsys.readouterr().out.split()[0]).read_text()


def test_print_and_pupil_commands_explain_bad_names(cli_env, capsys):
    db = str(cli_env.opened.target.url)
    assert cli.main(["--db", db, "print", "profiles", "--class", "9Z"]) == 1
    assert "There is no class '9Z' this year (classes: 4B, 6R)" in capsys.readouterr().err
    assert cli.main(["--db", db, "print", "tracking-sheet", "nobody"]) == 1
    assert "No pupil matches 'nobody'" in capsys.readouterr().err
    assert cli.main(["--db", db, "print", "parents-evening", "--class", "4B", "--half-term", "8"]) == 1
    assert "--half-term 8 is not 1 to 6" in capsys.readouterr().err


def test_amtui_pupil_opens_the_page_of_the_one_pupil_named(cli_env, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr(cli, "run_app", lambda db, screen, **args: opened.append((screen, args)) or 0)
    assert cli.main(["--db", str(cli_env.opened.target.url), "pupil", "zoe", "o'neill", "--tab", "targets"]) == 0
    assert opened == [("pupil", {"pupil_id": cli_env.pupils["Zoë O'Neill"], "tab": "targets"})]
    assert cli.main(["--db", str(cli_env.opened.target.url), "pupil", "a"]) == 1
    assert "pupils match 'a'; give the UPN" in capsys.readouterr().err and len(opened) == 1


def test_a_name_that_matches_several_pupils_lists_them(cli_env):
    with pytest.raises(cli.CommandFailed) as failed:
        cli.named_pupil(["a"])
    assert "give the UPN" in str(failed.value) and "L011000000002  Adam Ash (4B)" in str(failed.value)
    assert cli.named_pupil(["X011000000001"])[1] == "Zoë O'Neill"
    assert cli.named_pupil(["zoe", "o'neill"])[1] == "Zoë O'Neill"
    assert cli.named_pupil(["zoey", "left"])[1] == "Zoey Left"  # a leaver, when nobody on roll matches


def test_amtui_attitude_and_bigwrite_open_their_class(cli_env, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr(cli, "run_app", lambda db, screen, **args: opened.append((screen, args)) or 0)
    db = str(cli_env.opened.target.url)
    assert cli.main(["--db", db, "attitude", "4b", "--half-term", "2"]) == 0
    assert cli.main(["--db", db, "bigwrite", "4B"]) == 0
    assert opened == [("attitude", {"class_name": "4B", "half_term": 2}), ("bigwrite", {"class_name": "4B"})]
    assert cli.main(["--db", db, "attitude", "4B", "--half-term", "7"]) == 1
    assert "--half-term 7 is not 1 to 6" in capsys.readouterr().err
    assert cli.main(["--db", db, "bigwrite", "9Z"]) == 1
    assert "There is no class '9Z' this year (classes: 4B, 6R)" in capsys.readouterr().err


def test_every_command_with_a_half_term_refuses_one_outside_1_to_6_alike(cli_env, monkeypatch, capsys):
    monkeypatch.setattr(cli, "run_app", lambda db, screen, **args: pytest.fail(f"{screen} opened"))
    db = str(cli_env.opened.target.url)
    for argv in (["grid", "4B", "Reading"], ["halfterm", "4B", "Reading"], ["attitude", "4B"], ["monitor"],
                 ["print", "class-record", "4B", "Reading"],
                 ["print", "profiles", "--class", "4B"], ["export", "tracking"]):
        assert cli.main(["--db", db, *argv, "--half-term", "0"]) == 1, argv
        assert "--half-term 0 is not 1 to 6." in capsys.readouterr().err, argv
