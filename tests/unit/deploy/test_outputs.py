"""Where amtui writes: never into the database's folder by --out; private modes; backups for every admin."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from amtui import cli, config, outputs


@pytest.fixture(autouse=True)
def personal(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "in_service_mode", lambda: False)
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))


def test_out_inside_the_database_folder_is_refused(tmp_path):
    db = tmp_path / "data" / "school.db"
    db.parent.mkdir()
    for out in (db, db.parent / "x.csv", db.parent / "backups" / "x.csv", tmp_path / "data" / ".." / "data" / "y"):
        with pytest.raises(outputs.OutputRefused, match="inside the school database's folder"):
            outputs.check_out(out, db)
    outputs.check_out(tmp_path / "elsewhere.csv", db)
    outputs.check_out(None, db)


def test_a_symlink_into_the_database_folder_is_followed_and_refused(tmp_path):
    db = tmp_path / "data" / "school.db"
    db.parent.mkdir()
    (tmp_path / "innocent").symlink_to(db.parent)
    with pytest.raises(outputs.OutputRefused):
        outputs.check_out(tmp_path / "innocent" / "x.csv", db)
    (tmp_path / "link.csv").symlink_to(db)
    with pytest.raises(outputs.OutputRefused):
        outputs.check_out(tmp_path / "link.csv", db)


def test_as_the_service_account_any_out_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    with pytest.raises(outputs.OutputRefused, match="standard output"):
        outputs.check_out(tmp_path / "x.csv", tmp_path / "data" / "school.db")


def test_open_private_makes_an_existing_world_readable_file_0600(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("old")
    path.chmod(0o644)
    with outputs.open_private(path) as out:
        out.write("new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_exports_and_prints_are_never_readable_by_others(tmp_path, capsys):
    db = tmp_path / "school" / "demo.db"
    db.parent.mkdir()
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    open_database(Target(str(db)), create=True).db.close()
    out = tmp_path / "out" / "t.csv"
    out.parent.mkdir()
    assert cli.main(["--db", str(db), "export", "tracking", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert cli.main(["--db", str(db), "export", "tracking", "--out", str(db.parent / "t.csv")]) == 1
    assert "inside the school database's folder" in capsys.readouterr().err
    assert not (db.parent / "t.csv").exists()


def test_the_umask_is_private_while_a_command_runs_and_restored_after(tmp_path):
    before = os.umask(0o022)
    try:
        with outputs.private_umask():
            (tmp_path / "made").write_text("x")
        assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o600
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(before)


def test_a_new_backups_folder_is_shared_by_the_admins_group(tmp_path):
    db = tmp_path / "school.db"
    db.write_bytes(b"")
    assert outputs.prepare_backup_folder(tmp_path / "backups", db) == 0o660
    mode = stat.S_IMODE((tmp_path / "backups").stat().st_mode)
    assert mode == 0o2770


def test_as_the_service_account_backups_are_the_services_alone(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    db = tmp_path / "school.db"
    db.write_bytes(b"")
    assert outputs.prepare_backup_folder(tmp_path / "backups", db) == 0o600
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere; the two-admins test covers it as root")
def test_a_backups_folder_that_refuses_us_is_a_message(tmp_path):
    db = tmp_path / "school.db"
    db.write_bytes(b"")
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o555)
    with pytest.raises(outputs.OutputRefused, match="chmod 2770"):
        outputs.prepare_backup_folder(folder, db)


def test_several_printed_files_stream_as_one_zip(tmp_path):
    import io
    import zipfile

    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "a.html").write_text("<p>A</p>")
    sink = io.BytesIO()
    assert outputs.stream_files([tmp_path / "a.txt"], sink) == "a.txt" and sink.getvalue() == b"A"
    sink = io.BytesIO()
    assert "zip of 2" in outputs.stream_files([tmp_path / "a.html", tmp_path / "a.txt"], sink)
    assert sorted(zipfile.ZipFile(sink).namelist()) == ["a.html", "a.txt"]


def test_init_creates_a_private_new_school_and_imports_do_not(tmp_path, capsys, login_as):
    login_as("head")
    db = tmp_path / "new" / "school.db"
    db.parent.mkdir()
    staff = tmp_path / "staff.csv"
    staff.write_text("username,name,roles\nhead,Hana Head,admin\n")
    for kind in ("pupils", "staff"):
        assert cli.main(["--db", str(db), "import", kind, str(staff)]) == 1
        assert "amtui init" in capsys.readouterr().err
        assert not db.exists()
    assert cli.main(["--db", str(db), "init", "--school", "Oak Primary"]) == 0
    assert stat.S_IMODE(db.stat().st_mode) in (0o600, 0o660)


def test_import_reads_standard_input_when_the_file_is_a_dash(tmp_path, capsys, login_as, monkeypatch):
    import io

    login_as("head")
    db = tmp_path / "school.db"
    assert cli.main(["--db", str(db), "init", "--school", "Oak Primary"]) == 0
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"username,name,roles\nhead,Hana Head,admin\n")))
    assert cli.main(["--db", str(db), "import", "staff", "-"]) == 0
    assert "Imported 1 row" in capsys.readouterr().out


def test_a_print_over_an_old_world_readable_one_is_made_private(tmp_path):
    old = tmp_path / "class-record.html"
    old.write_text("old")
    old.chmod(0o644)
    outputs.write_private(old, "new")
    assert old.read_text() == "new" and stat.S_IMODE(old.stat().st_mode) == 0o600


def test_a_backup_the_disk_refuses_is_a_message_not_a_traceback(tmp_path, capsys, login_as, monkeypatch):
    import sqlite3

    from amtui.db import maintenance

    login_as("head")
    db = tmp_path / "school.db"
    assert cli.main(["--db", str(db), "init", "--school", "Oak Primary"]) == 0

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(maintenance, "_copy", full)
    assert cli.main(["--db", str(db), "backup", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
