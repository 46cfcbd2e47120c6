"""Opening a database: refusals with clear messages, never a silent overwrite."""

from __future__ import annotations

import stat

import pytest

from amtui.db import migrations
from amtui.db.connection import DatabaseUnavailable, Target
from amtui.db.models import DbInfo
from amtui.db.startup import mount_warnings, open_database


def test_a_new_file_is_created_for_the_staff_group_only(db_path):
    opened = open_database(Target(str(db_path)), create=True)
    assert opened.created
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o660
    assert migrations.current_version(opened.db) == migrations.LATEST
    opened.db.close()
    again = open_database(Target(str(db_path)))
    assert not again.created
    again.db.close()


def test_a_missing_file_is_not_created_without_asking(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="There is no database"):
        open_database(Target(str(tmp_path / "typo.db")))
    assert not (tmp_path / "typo.db").exists()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list")
    with pytest.raises(DatabaseUnavailable, match="not an amtui database"):
        open_database(Target(str(path)))
    assert path.read_text() == "shopping list"


def test_a_damaged_file_is_refused(db_path):
    open_database(Target(str(db_path)), create=True).db.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over table pages
        data[offset + 8 : offset + 200] = b"\xff" * 192
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseUnavailable, match="damaged|Cannot use"):
        open_database(Target(str(db_path)))


def test_a_database_from_a_newer_amtui_is_refused_untouched(db_path):
    opened = open_database(Target(str(db_path)), create=True)
    DbInfo.replace(key="schema_version", value=str(migrations.LATEST + 1)).execute()
    opened.db.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="newer amtui"):
        open_database(Target(str(db_path)))
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("line", "warned"),
    [
        ("//srv/staff /mnt/staff cifs rw,vers=3.0,nobrl,uid=0 0 0", True),
        ("srv:/export /mnt/staff nfs rw,vers=3,nolock 0 0", True),
        ("srv:/export /mnt/staff nfs4 rw,vers=4.1,hard 0 0", False),
        ("//srv/staff /mnt/staff cifs rw,vers=3.0,uid=0 0 0", False),
    ],
)
def test_mounts_without_locking_are_warned_about(tmp_path, line, warned):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n" + line + "\n")
    found = mount_warnings(__import__("pathlib").Path("/mnt/staff/amtui/school.db"), mounts)
    assert bool(found) is warned
    if warned:
        assert "/mnt/staff" in found[0] and "corrupt" in found[0]


def test_start_up_does_not_read_the_whole_file(db_path, monkeypatch):
    """quick_check read every page (0.6-0.7 s on a 55 MB school) at every start."""
    import peewee

    open_database(Target(str(db_path)), create=True).db.close()
    seen: list[str] = []
    real = peewee.SqliteDatabase.execute_sql

    def spy(self, sql, *args, **kwargs):
        seen.append(sql)
        return real(self, sql, *args, **kwargs)

    monkeypatch.setattr(peewee.SqliteDatabase, "execute_sql", spy)
    open_database(Target(str(db_path))).db.close()
    assert seen and not [sql for sql in seen if "check" in sql.lower()]


def test_the_full_check_reads_every_page(db_path):
    """What backups and 'amtui doctor' run: it finds damage the cheap start-up check skips."""
    import sqlite3

    from amtui.db import seal
    from amtui.db.maintenance import full_check

    open_database(Target(str(db_path)), create=True).db.close()
    assert full_check(Target(str(db_path))) == "ok"
    with sqlite3.connect(db_path) as conn:
        seal.register_sqlite3(conn)
        conn.executemany("INSERT INTO staff (username, name, roles, active) VALUES (?, ?, '', 1)",
                         [(f"user{n}", f"Name {n}") for n in range(50)])
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'staff_school_id_username'").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    start = (page - 1) * 4096
    data[start + 8: start + 4096] = b"\x00" * (4096 - 8)  # an index's entries gone
    db_path.write_bytes(bytes(data))
    open_database(Target(str(db_path))).db.close()  # start-up does not read that page
    assert full_check(Target(str(db_path))) != "ok"
