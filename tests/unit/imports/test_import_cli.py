"""amtui import pupils --map and amtui import ctf, as the admin types them."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui import cli
from amtui.db.connection import Target
from amtui.db.models import Pupil
from amtui.db.startup import open_database

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture
def db(tmp_path, monkeypatch, login_as) -> str:
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))
    login_as("admin1")
    path = tmp_path / "school.db"
    open_database(Target(str(path)), create=True).db.close()
    staff = tmp_path / "staff.csv"
    staff.write_text("username,name,roles\nadmin1,Ann Admin,admin\n")
    assert cli.main(["--db", str(path), "import", "staff", str(staff)]) == 0
    return str(path)


def test_import_pupils_with_a_map_and_then_a_ctf(db, tmp_path, capsys):
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("Pupil Ref,Legal Surname,Legal Forename,DOB,Year,Reg,Notes\n"
                      "Q936402116001,Okonkwo,Chiamaka,14-Sep-2016,Year 5,5H,likes maths\n")
    header_map = tmp_path / "map.csv"
    header_map.write_text("Pupil Ref,upn\n")
    assert cli.main(["--db", db, "import", "pupils", str(pupils), "--map", str(header_map)]) == 0
    assert "Imported 1 row of pupils" in capsys.readouterr().out
    assert cli.main(["--db", db, "import", "ctf", str(DATA / "ctf-joiners.xml")]) == 0
    out = capsys.readouterr().out
    assert "from the Common Transfer File ctf-joiners.xml: 3 new" in out
    assert Pupil.select().count() == 4


def test_a_refused_ctf_is_a_message_and_status_1(db, tmp_path, capsys):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE CTfile [<!ENTITY a "aaaaaaaaaa">]>\n<CTfile>&a;</CTfile>\n')
    assert cli.main(["--db", db, "import", "ctf", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert f"{bomb}:2: the file declares a DTD or entities" in err and "Traceback" not in err
    assert "Nothing was imported." in err


def test_on_the_school_server_a_map_file_is_not_read(db, tmp_path, capsys, monkeypatch):
    from amtui import config

    monkeypatch.setattr(config, "in_service_mode", lambda: True)  # as the service account
    secret = tmp_path / "secret.csv"
    secret.write_text("only root,may read this\n")
    assert cli.main(["--db", db, "import", "pupils", "-", "--map", str(secret)]) == 1
    err = capsys.readouterr().err
    assert "Here --map cannot read a file on the server" in err and "may read this" not in err
