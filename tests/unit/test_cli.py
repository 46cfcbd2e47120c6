"""The command line: clear messages and exit statuses, never a traceback."""

from __future__ import annotations

import pytest

from amtui import cli


@pytest.fixture(autouse=True)
def quiet_env(monkeypatch, tmp_path):
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))


def test_a_missing_database_is_a_message_and_status_1(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "nothing.db"), "export", "tracking"]) == 1
    err = capsys.readouterr().err
    assert "There is no database" in err and "Traceback" not in err


def test_the_demo_never_touches_a_real_schools_file(tmp_path, capsys, monkeypatch, login_as):
    login_as("admin1")
    db = tmp_path / "school.db"
    staff = tmp_path / "staff.csv"
    staff.write_text("username,name,roles\nadmin1,Ann Admin,admin\n")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("upn,forename,surname,dob,year,class\nA123456789012,Amy,Ash,2018-01-02,3,Cedar\n")
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    open_database(Target(str(db)), create=True).db.close()
    assert cli.main(["--db", str(db), "import", "staff", str(staff)]) == 0
    assert cli.main(["--db", str(db), "import", "pupils", str(pupils)]) == 0
    before = db.read_bytes()
    assert cli.main(["--db", str(db), "demo", "--create-only"]) == 1
    assert "real records" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_only_the_admin_imports_once_there_are_staff(tmp_path, capsys, monkeypatch, login_as):
    db = tmp_path / "school.db"
    staff = tmp_path / "staff.csv"
    staff.write_text("username,name,roles\nadmin1,Ann Admin,admin\nteach1,Tom Teach,teacher\n")
    login_as("admin1")
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    open_database(Target(str(db)), create=True).db.close()
    assert cli.main(["--db", str(db), "import", "staff", str(staff)]) == 0  # the first import
    login_as("teach1")
    assert cli.main(["--db", str(db), "import", "staff", str(staff)]) == 1
    assert "Only Admin may import data" in capsys.readouterr().err


def test_a_bad_import_names_file_line_and_reason(tmp_path, capsys, monkeypatch, login_as):
    login_as("admin1")
    db = tmp_path / "school.db"
    bad = tmp_path / "weekly.csv"
    bad.write_text("upn,date,level,test,score\nA123456789012,2026-11-20,Level 2,3,26\n")
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    open_database(Target(str(db)), create=True).db.close()
    assert cli.main(["--db", str(db), "import", "weekly", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad.name}:2:" in err and "Nothing was imported" in err


def test_the_demo_says_where_it_is_and_how_to_open_it_again_before_opening(tmp_path, capsys, monkeypatch):
    db = tmp_path / "demo.db"
    said_before_opening = []

    def opening(opened, screen=None, **screen_args):
        said_before_opening.append(capsys.readouterr().err)
        return 0

    monkeypatch.setattr(cli, "run_app", opening)
    assert cli.main(["--db", str(db), "demo"]) == 0
    assert cli.main(["--db", str(db), "demo"]) == 0  # the second time: the same file, said again
    for said in said_before_opening:
        assert f"the demo school is in {db}" in said
        assert f"open it again with: amtui --db {db}" in said
    assert "demo school created" in said_before_opening[0] and "created" not in said_before_opening[1]


def test_demo_create_only_builds_a_school_that_exports(tmp_path, capsys):
    db = tmp_path / "school" / "demo.db"
    db.parent.mkdir()
    assert cli.main(["--db", str(db), "demo", "--create-only"]) == 0
    out = tmp_path / "tracking.csv"  # not in the database's folder: that is refused
    assert cli.main(["--db", str(db), "export", "tracking", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("upn,surname,forename,class,subject")
    assert len(lines) > 500  # ~200 pupils x 3 subjects
