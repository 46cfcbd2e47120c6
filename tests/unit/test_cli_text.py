"""The command line never sends the control characters of a file or an argument to the
terminal: its messages draw them visibly."""

from __future__ import annotations

import pytest

from amtui import cli


@pytest.fixture
def db(tmp_path, monkeypatch, login_as):
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))
    login_as("admin1")
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    path = tmp_path / "school.db"
    open_database(Target(str(path)), create=True).db.close()
    return path


def test_an_import_refused_for_an_escape_shows_no_escape(db, tmp_path, capsys):
    staff = tmp_path / "staff.csv"
    staff.write_text("username,name,roles\nadmin1,Ann\x1b]0;owned\x07\x1b[2J,admin\n")
    assert cli.main(["--db", str(db), "import", "staff", str(staff)]) == 1
    err = capsys.readouterr().err
    assert "staff.csv:2: the name cell holds a control character (ESC) at position 4" in err
    assert "\x1b" not in err and "\x07" not in err


def test_an_argument_quoted_back_is_drawn_visibly(db, capsys):
    assert cli.main(["--db", str(db), "pupil", "\x1b[2Jnobody"]) == 1
    err = capsys.readouterr().err
    assert "^[[2Jnobody" in err and "\x1b" not in err
