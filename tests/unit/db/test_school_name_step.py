"""A school's name is its row's alone (schema step 15): the ``school_name`` setting, where
it named the school otherwise, is copied into the school's row and dropped, on a file and
on a trust's server; the settings screen's name and every reader then go through the row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from amtui.db import migrations, seal
from amtui.db.connection import Target
from amtui.db.startup import open_database
from test_trust import _open, trust  # noqa: F401

DATA = Path(__file__).parents[2] / "data"


def _at_version_14(path: Path, monkeypatch) -> None:
    with monkeypatch.context() as before:
        before.setattr(migrations, "STEPS", migrations.STEPS[:14])
        open_database(Target(str(path))).db.close()


def _named(path: Path, setting: str, row: str) -> None:
    with sqlite3.connect(path) as conn:
        seal.register_sqlite3(conn)  # the row seals' triggers call it
        conn.execute("UPDATE school_setting SET value = ? WHERE key = 'school_name'", (setting,))
        conn.execute("UPDATE school SET name = ?", (row,))
    conn.close()


def _file(path: Path) -> tuple[list, int]:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT name FROM school").fetchall(), \
            conn.execute("SELECT COUNT(*) FROM school_setting WHERE key = 'school_name'").fetchone()[0]
    conn.close()
    return found


def test_a_files_setting_names_its_school_where_the_row_differs_or_is_empty(tmp_path, monkeypatch):
    from amtui.db.repo import school

    for setting, row, named in (("Oak Academy ", "Oak Primary", "Oak Academy"),  # renamed since: the setting's
                                ("Oak Academy", "", "Oak Academy"),
                                ("  ", "Oak Primary", "Oak Primary")):  # an empty setting: the row's kept
        path = tmp_path / f"{len(row)}-{len(setting)}.db"
        shutil.copyfile(DATA / "school-v1.sqlite", path)
        _at_version_14(path, monkeypatch)
        _named(path, setting, row)
        opened = open_database(Target(str(path)))
        assert school.school_name() == named
        opened.db.close()
        assert _file(path) == ([(named,)], 0), (setting, row)


def test_a_trusts_schools_each_take_their_own_setting_unless_another_school_bears_the_name(trust):
    from amtui.db.connection import write
    from amtui.db.repo import school

    db = _open(trust)
    oak, elm = (row[0] for row in db.execute_sql("SELECT id FROM school ORDER BY id").fetchall())

    def back_to_14() -> None:  # each school's name in its setting too, as before
        for school_id, name in ((oak, "Oak Academy"), (elm, "Oak Academy")):  # Elm's: Oak's new name
            db.execute_sql("SELECT set_config('amtui.school', %s, false)", (str(school_id),))
            db.execute_sql("INSERT INTO school_setting (key, value) VALUES ('school_name', %s)", (name,))
        db.execute_sql("UPDATE db_info SET value = '14' WHERE key = 'schema_version'")

    write(back_to_14)
    db = _open(trust, "Elm Primary")  # opening upgrades it
    assert migrations.current_version(db) == migrations.latest()
    assert db.execute_sql("SELECT name FROM amtui_schools()").fetchall() == [("Oak Academy",), ("Elm Primary",)]
    assert school.school_name() == "Elm Primary"
    db = _open(trust, "Oak Academy")
    assert school.school_name() == "Oak Academy"
    db = _open(trust)
    for school_id in (oak, elm):
        db.execute_sql("SELECT set_config('amtui.school', %s, false)", (str(school_id),))
        assert db.execute_sql("SELECT COUNT(*) FROM school_setting WHERE key = 'school_name'").fetchone() == (0,)


def test_on_a_trusts_server_a_schools_own_admin_may_not_rename_it_and_the_trusts_admin_may(trust):
    import pytest

    from amtui.db.repo import school
    from amtui.db.repo.staff import identify
    from amtui.domain.errors import InputRefused
    from test_trust import ADMIN, _grant

    _grant(trust, "head_a")  # Oak's admin, connecting as their own role
    _open(Target(trust.url.replace(f"{ADMIN}@", "head_a@", 1)), "Oak Primary")
    with pytest.raises(InputRefused, match="a school's name is the trust's: its admin changes it"):
        school.save_setting(identify("head_a"), school.SCHOOL_NAME, "Oak Academy")
    assert school.school_name() == "Oak Primary"
    _open(trust, "Oak Primary")  # the trust's admin role (the tables' owner), as Oak's admin in amtui
    school.save_setting(identify("head_a"), school.SCHOOL_NAME, "Oak Academy")
    db = _open(trust)
    assert db.execute_sql("SELECT name FROM amtui_schools()").fetchall() == [("Oak Academy",), ("Elm Primary",)]
