"""A trust's schools in one PostgreSQL database, kept apart by the server: each staff role
sees and changes its own school's rows only, a trust role reads every school and writes
none, and a school's SQLite file is copied in whole. On a real server (tests/pg_server.py),
as the roles a trust would have: its admin owns the tables and is no superuser."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path

import peewee
import pytest

from amtui.db.connection import Target

DATA = Path(__file__).parents[2] / "data"
ADMIN = "trust_admin"
PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def _superuser(server, *statements: str) -> None:
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


@contextlib.contextmanager
def scratch_database(server, prefix: str):
    """An empty database of the server's superuser for the test, dropped after it."""
    name = f"{prefix}_{os.getpid()}_{next(_numbers)}"
    _superuser(server, f"CREATE DATABASE {name}")
    try:
        yield Target(server.url(name))
    finally:
        _superuser(server, f"DROP DATABASE {name} WITH (FORCE)")


def _role(name: str, options: str = "LOGIN") -> str:
    return (f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
            f"THEN CREATE ROLE {name} {options}; END IF; END $$")


@pytest.fixture
def trust(pg_server, login_as, monkeypatch):
    """A trust's database, owned by its admin role, with two schools made by ``amtui init``:
    Oak (head_a) and Elm (head_b)."""
    from amtui import cli
    from amtui.db.connection import database

    name = f"trust_{os.getpid()}_{next(_numbers)}"
    _superuser(pg_server, _role(ADMIN, "LOGIN CREATEROLE"), f"CREATE DATABASE {name} OWNER {ADMIN}")
    url = pg_server.url(name, role=ADMIN)
    monkeypatch.delenv("AMTUI_SCHOOL", raising=False)
    for head, school in (("head_a", "Oak Primary"), ("head_b", "Elm Primary")):
        login_as(head)
        assert cli.main(["--db", url, "init", "--school", school, "--year", "2026"]) == 0
    yield Target(url)
    if database.obj is not None:
        database.obj.close()
    _superuser(pg_server, f"DROP DATABASE {name} WITH (FORCE)")


def _open(target: Target, school: str | None = None):
    from amtui.db.connection import database
    from amtui.db.startup import open_database

    if database.obj is not None:
        database.obj.close()
    return open_database(Target(target.url, school=school)).db


def _pupils(upn: str, *names: str):
    from amtui.db.models import Pupil

    for number, name in enumerate(names):
        Pupil.create(upn=upn if number == 0 else f"{upn[:-3]}{number:03d}", forename=name, surname="Lee",
                     year_group=4)


def _fill(target: Target) -> None:
    """Each school's staff and pupils: both have a teacher 'sam' and a pupil of the same UPN."""
    from amtui.db.models import Staff

    _open(target, "Oak Primary")
    Staff.create(username="sam", name="Sam Oak")
    Staff.create(username="teacher_a", name="Ann Oak")
    _pupils("A123456789012", "Ada", "Ben")
    _open(target, "Elm Primary")
    Staff.create(username="sam", name="Sam Elm")
    _pupils("A123456789012", "Cat", "Dan", "Eve")


def _psql(server, target: Target, role: str, sql: str) -> subprocess.CompletedProcess:
    """``psql`` as ``role`` with its password over TCP, as a member of staff would."""
    from pg_server import _program

    database = target.url.rsplit("/", 1)[1]
    return subprocess.run([_program("psql"), "-h", "127.0.0.1", "-p", str(server.port), "-U", role, "-d", database,
                           "-X", "-At", "-v", "ON_ERROR_STOP=0", "-c", sql], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PGPASSWORD": PASSWORD})


@pytest.fixture
def passwords(pg_server):
    """The server asks these roles for their passwords (scram-sha-256) instead of trusting them."""
    hba = pg_server.folder / "data" / "pg_hba.conf"
    line = "host all teacher_a,ceo 127.0.0.1/32 scram-sha-256\n"
    if line not in hba.read_text():
        hba.write_text(line + hba.read_text())
        _superuser(pg_server, "SELECT pg_reload_conf()")
    return pg_server


def _grant(target: Target, login: str, reader: bool = False) -> None:
    from amtui.db import trust_grant
    from amtui.db.connection import write

    db = _open(target, "Oak Primary")
    write(lambda: trust_grant.grant(db, login, reader=reader, password=PASSWORD))


def _admin_count(target: Target, school: str, sql: str) -> int:
    return _open(target, school).execute_sql(sql).fetchone()[0]


def test_init_adds_each_school_to_the_trust_with_its_own_admin_and_name(trust):
    db = _open(trust, "Elm Primary")
    assert db.execute_sql("SELECT name FROM amtui_schools()").fetchall() == [("Oak Primary",), ("Elm Primary",)]
    assert db.execute_sql("SELECT username, roles FROM staff").fetchall() == [("head_b", "admin")]
    from amtui.db.repo import school

    assert school.school_name() == "Elm Primary"  # the row of the school the session acts in
    assert db.execute_sql("SELECT COUNT(*) FROM school_setting").fetchone()[0] == 0
    assert db.execute_sql("SELECT COUNT(*) FROM half_term").fetchone()[0] == 6
    db = _open(trust, "1")  # a school chosen by its number
    assert db.execute_sql("SELECT username FROM staff").fetchall() == [("head_a",)]


def test_two_schools_hold_the_same_upn_and_username_and_one_school_does_not(trust):
    from amtui.db.models import Pupil, Staff

    _fill(trust)
    db = _open(trust, "Oak Primary")
    assert [p.forename for p in Pupil.select().where(Pupil.upn == "A123456789012")] == ["Ada"]
    assert Staff.get(Staff.username == "sam").name == "Sam Oak"  # the query names no school
    with pytest.raises(peewee.IntegrityError):
        with db.atomic():
            Staff.create(username="sam", name="Sam Again")
    _open(trust, "Elm Primary")
    assert Staff.get(Staff.username == "sam").name == "Sam Elm"
    assert Pupil.get(Pupil.upn == "A123456789012").forename == "Cat"


def test_a_person_of_several_schools_names_one_and_an_unknown_school_is_refused(trust, login_as, capsys,
                                                                                  monkeypatch):
    from amtui import cli
    from amtui.db.connection import DatabaseUnavailable
    from amtui.db.models import Pupil

    _fill(trust)
    _open(trust)  # the trust's admin may act in both: without a choice, in neither
    assert Pupil.select().count() == 0
    _open(trust, "Elm Primary")
    assert Pupil.select().count() == 3
    with pytest.raises(DatabaseUnavailable, match='no school "No Such School" among yours'):
        _open(trust, "No Such School")
    login_as("head_b")
    for chosen in (["--school", "Ash Primary"], ["--school", "3"]):
        assert cli.main(["--db", trust.url, *chosen, "settings"]) == 1
        said = capsys.readouterr()
        assert f'There is no school "{chosen[1]}" among yours' in said.err and said.out == ""
        assert "1 Oak Primary; 2 Elm Primary" in said.err  # what may be chosen
    monkeypatch.setenv("AMTUI_SCHOOL", "Ash Primary")  # the same from the environment (or the config)
    assert cli.main(["--db", trust.url, "settings"]) == 1
    assert 'no school "Ash Primary"' in capsys.readouterr().err


def test_a_teacher_of_one_school_with_psql_finds_none_of_anothers_pupils_and_cannot_change_the_audit(
        trust, passwords):
    _fill(trust)
    _grant(trust, "teacher_a")
    elm = _admin_count(trust, "Oak Primary", "SELECT id FROM school WHERE name = 'Elm Primary'")
    own = _psql(passwords, trust, "teacher_a", "SELECT string_agg(forename, ',' ORDER BY forename) FROM pupil")
    assert own.stdout.strip() == "Ada,Ben", own.stderr  # their one school needs no setting
    other = _psql(passwords, trust, "teacher_a",
                  f"SET amtui.school = '{elm}'; SELECT COUNT(*) FROM pupil; SELECT COUNT(*) FROM staff; "
                  "UPDATE pupil SET surname = 'X'; DELETE FROM pupil; "
                  f"INSERT INTO pupil (school_id, upn, forename, surname, year_group, sen_status, pupil_premium, "
                  f"eal, extra_meetings, gender, looked_after) VALUES ({elm}, 'B1', 'Z', 'Z', 4, 'N', false, false, "
                  "false, '', false)")
    assert other.stdout.split() == ["SET", "0", "0", "UPDATE", "0", "DELETE", "0"]
    assert "violates row-level security policy" in other.stderr
    gate = _psql(passwords, trust, "teacher_a",
                 f"INSERT INTO school_access (role_name, school_id, writes) VALUES ('teacher_a', {elm}, true)")
    assert "permission denied" in gate.stderr
    for sql in ("UPDATE audit_entry SET login = 'x'", "DELETE FROM audit_entry", "TRUNCATE audit_entry",
                "DELETE FROM server_audit"):
        refused = _psql(passwords, trust, "teacher_a", sql)
        assert "permission denied" in refused.stderr, sql
    assert _admin_count(trust, "Elm Primary", "SELECT COUNT(*) FROM pupil WHERE surname = 'Lee'") == 3
    wrong = subprocess.run([*_psql(passwords, trust, "teacher_a", "SELECT 1").args[:-1], "SELECT 1"],
                           capture_output=True, text=True, env={**os.environ, "PGPASSWORD": "wrong"})
    assert "password authentication failed" in wrong.stderr


def test_a_trust_role_reads_every_school_and_writes_neither(trust, passwords):
    _fill(trust)
    _grant(trust, "ceo", reader=True)
    ids = [row[0] for row in _open(trust, "Oak Primary").execute_sql("SELECT id FROM amtui_schools()")]
    for school, names in zip(ids, ("Ada,Ben", "Cat,Dan,Eve")):
        read = _psql(passwords, trust, "ceo", f"SET amtui.school = '{school}'; "
                     "SELECT string_agg(forename, ',' ORDER BY forename) FROM pupil")
        assert read.stdout.split() == ["SET", names], read.stderr
        for sql in ("UPDATE pupil SET surname = 'X'", "DELETE FROM pupil",
                    "INSERT INTO school_setting (key, value) VALUES ('meeting_weeks', '6')"):
            refused = _psql(passwords, trust, "ceo", f"SET amtui.school = '{school}'; {sql}")
            assert "permission denied" in refused.stderr, sql
    assert _admin_count(trust, "Elm Primary", "SELECT COUNT(*) FROM pupil WHERE surname = 'Lee'") == 3
    # and amtui opens for them (it reads the schema's version first), in a school or in none
    from urllib.parse import quote

    as_ceo = trust.url.replace(f"{ADMIN}@", f"ceo:{quote(PASSWORD)}@", 1)
    assert _open(Target(as_ceo), "Elm Primary").execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0] == 3
    assert _open(Target(as_ceo)).execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0] == 0


def _file_counts(path: Path) -> dict[str, int]:
    """Rows per table of a school's file, but the file's own tables (not copied)."""
    from test_migrations import counts

    return {table: n for table, n in counts(path).items() if table not in ("db_info", "seal", "school")}


def test_a_schools_file_is_copied_into_the_trust_whole_checked_by_counts(trust, tmp_path, login_as, capsys):
    from amtui import cli
    from amtui.db.audit_verify import verify
    from amtui.db.startup import open_database

    school_file = tmp_path / "willow.db"
    shutil.copyfile(DATA / "school-v1.sqlite", school_file)
    open_database(Target(str(school_file))).db.close()  # as the school last used it: upgraded
    before = hashlib.sha256(school_file.read_bytes()).hexdigest()
    expected = _file_counts(school_file)
    marks = _marks_by_upn(open_database(Target(str(school_file))).db)
    login_as("trust_lead")
    assert cli.main(["--db", trust.url, "trust", "add-school", str(school_file)]) == 0
    out = capsys.readouterr().out
    assert "all of it" in out and f"criterion_mark{expected['criterion_mark']:>{9 + 24 - len('criterion_mark')}}" \
        in out.replace("  criterion_mark", "criterion_mark")
    assert hashlib.sha256(school_file.read_bytes()).hexdigest() == before  # the file is left as it was
    name = open_database(Target(str(school_file))).db.execute_sql("SELECT name FROM school").fetchone()[0]
    db = _open(trust, name)
    copied = {table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in expected}
    assert copied == {**expected, "audit_entry": expected["audit_entry"] + 1}  # and the copy's own entry
    assert _marks_by_upn(db) == marks  # every link moved with its rows
    assert db.execute_sql("SELECT action, login FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone() == \
        ("school.add", "trust_lead")
    assert verify(db).problems == []
    # the tables it filled were analysed: the server plans the school's first reads on its rows
    planned = dict(db.execute_sql("SELECT relname, reltuples FROM pg_class WHERE relname IN ('pupil', "
                                  "'criterion_mark')").fetchall())  # the trust's other schools have none
    assert planned == {"pupil": expected["pupil"], "criterion_mark": expected["criterion_mark"]}
    # a copied entry's details name the file's ids; the copy's own entry says what to add to each
    moved = json.loads(db.execute_sql("SELECT detail FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0])
    file_db = open_database(Target(str(school_file))).db
    for upn, file_id in file_db.execute_sql("SELECT upn, id FROM pupil").fetchall():
        assert db.execute_sql("SELECT id FROM pupil WHERE upn = %s", (upn,)).fetchone()[0] == \
            file_id + moved["ids_moved_by"]["pupil"]
    file_db.close()
    # all or nothing: the same file again is refused, and nothing more is there
    assert cli.main(["--db", trust.url, "trust", "add-school", str(school_file)]) == 1
    assert "already has a school named" in capsys.readouterr().err
    assert _admin_count(trust, name, "SELECT COUNT(*) FROM pupil") == expected["pupil"]
    assert len(_open(trust, "Oak Primary").execute_sql("SELECT id FROM amtui_schools()").fetchall()) == 3


def _marks_by_upn(db) -> dict[str, int]:
    return dict(db.execute_sql("SELECT p.upn, COUNT(m.id) FROM pupil p LEFT JOIN criterion_mark m ON m.pupil_id = p.id "
                               "GROUP BY p.upn").fetchall())


def test_only_the_trusts_admin_adds_schools_never_a_superuser(pg_server, trust, login_as, capsys):
    from amtui import cli

    superuser = trust.url.replace(f"{ADMIN}@", "postgres@", 1)
    login_as("head_c")
    assert cli.main(["--db", superuser, "init", "--school", "Ash Primary"]) == 1
    assert "superuser" in capsys.readouterr().err
    assert cli.main(["--db", superuser, "trust", "schools"]) == 1
    db = _open(trust)
    assert [n for (n,) in db.execute_sql("SELECT name FROM amtui_schools()")] == ["Oak Primary", "Elm Primary"]


def _back_to_version_9(db) -> None:
    """The schema a server database had before schools (as amtui made it at version 9)."""
    from amtui.db import trust

    for table in trust.school_tables(db):
        db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN school_id CASCADE')
    db.execute_sql("DROP TABLE school_access, school CASCADE")
    db.execute_sql("ALTER TABLE school_setting DROP COLUMN id")
    db.execute_sql("ALTER TABLE school_setting ADD PRIMARY KEY (key)")
    for table, column in (("academic_year", "start_year"), ("intervention", "name"), ("staff", "username"),
                          ("subject", "code"), ("subject", "name"), ("pupil", "upn")):
        db.execute_sql(f'CREATE UNIQUE INDEX "{table}_{column}" ON "{table}" ("{column}")')
    db.execute_sql("UPDATE db_info SET value = '9' WHERE key = 'schema_version'")


def test_a_server_database_made_before_schools_upgrades_in_place_to_one_school_held_by_the_server(pg_server):
    from amtui.db import migrations, server_audit
    from amtui.db.audit_verify import verify
    from amtui.db.connection import write
    from amtui.db.startup import open_database

    with scratch_database(pg_server, "before") as target:
        db = open_database(target, create=True).db
        with db.atomic():
            _back_to_version_9(db)
            db.execute_sql("INSERT INTO school_setting (key, value) VALUES ('school_name', 'Oak Primary ')")
            db.execute_sql("INSERT INTO pupil (upn, forename, surname, year_group, sen_status, pupil_premium, eal, "
                           "extra_meetings, gender, looked_after) VALUES ('A1', 'Ada', 'Lee', 4, 'N', false, "
                           "false, false, '', false)")
        db.close()
        db = open_database(target).db
        assert migrations.current_version(db) == migrations.latest()
        assert db.execute_sql("SELECT id, name FROM school").fetchall() == [(1, "Oak Primary")]
        assert db.execute_sql("SELECT school_id, upn FROM pupil").fetchall() == [(1, "A1")]
        assert server_audit.problems(db) == [] and verify(db).problems == []
        write(lambda: db.execute_sql("INSERT INTO school (name, urn) VALUES ('Elm Primary', '')"))
        write(lambda: db.execute_sql("INSERT INTO pupil (school_id, upn, forename, surname, year_group, sen_status, "
                                     "pupil_premium, eal, extra_meetings, gender, looked_after) VALUES (2, 'A1', "
                                     "'Bo', 'Lee', 4, 'N', false, false, false, '', false)"))  # per school now
        write(lambda: db.execute_sql("INSERT INTO school_setting (key, value) VALUES ('weekly_max', '2')"))
        with pytest.raises(peewee.IntegrityError):  # a setting once in its school
            write(lambda: db.execute_sql("INSERT INTO school_setting (key, value) VALUES ('weekly_max', '3')"))
        db.execute_sql("ALTER TABLE pupil NO FORCE ROW LEVEL SECURITY")
        assert server_audit.problems(db) == [
            "pupil is not held to one school: its row-level security was weakened outside amtui."]
        db.close()


def test_a_command_acts_in_the_school_its_school_option_names(trust, login_as, capsys, monkeypatch):
    from amtui import cli
    from amtui.db.connection import database

    _fill(trust)
    login_as("head_b")
    assert cli.main(["--db", trust.url, "--school", "Elm Primary", "settings"]) == 0
    assert "Elm Primary" in capsys.readouterr().out
    assert database.obj.execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0] == 3
    monkeypatch.setenv("AMTUI_SCHOOL", "Oak Primary")
    login_as("head_a")
    assert cli.main(["--db", trust.url, "settings"]) == 0
    assert "Oak Primary" in capsys.readouterr().out
    assert database.obj.execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0] == 2


def test_a_trust_is_backed_up_whole_by_its_backup_role_which_passes_the_row_level_security(
        pg_server, trust, tmp_path):
    from amtui.db import maintenance
    from amtui.db.connection import DatabaseUnavailable

    _fill(trust)
    _open(trust, "Oak Primary")
    with pytest.raises(DatabaseUnavailable, match="row-level security"):  # the owner is held to one school
        maintenance.take_backup(trust, tmp_path / "refused", "head_a")
    _superuser(pg_server, _role("amtui_backup", f"LOGIN BYPASSRLS IN ROLE {ADMIN}"))
    backup = Target(trust.url.replace(f"{ADMIN}@", "amtui_backup@", 1))
    _open(backup, "Oak Primary")  # the school whose audit trail records the backup
    info = maintenance.take_backup(backup, tmp_path / "backups", "amtui_backup")
    assert info.pupils == 5 and info.path.exists()  # both schools' pupils


def test_two_schools_write_at_once_while_one_schools_writes_go_one_at_a_time(trust):
    """Each school's writes queue on its own lock (its audit chain), never on another
    school's: a trust's 20 schools are not one queue."""
    import psycopg

    from amtui.db.connection import SCHOOL_LOCK, TAKE_WRITE_LOCKS, WRITE_LOCK

    def session(school: str) -> psycopg.Connection:
        conn = psycopg.connect(trust.url)
        school_id = conn.execute("SELECT id FROM school WHERE name = %s", (school,)).fetchone()[0]
        conn.execute("SELECT set_config('amtui.school', %s, false)", (str(school_id),))
        conn.commit()
        return conn

    oak, elm, oak_again = session("Oak Primary"), session("Elm Primary"), session("Oak Primary")
    try:
        for conn in (oak, oak_again, elm):
            conn.execute("SET lock_timeout = '500ms'")
        oak.execute(TAKE_WRITE_LOCKS, (WRITE_LOCK, SCHOOL_LOCK))  # Oak's write under way
        elm.execute(TAKE_WRITE_LOCKS, (WRITE_LOCK, SCHOOL_LOCK))  # Elm's goes ahead alongside
        elm.rollback()
        with pytest.raises(psycopg.errors.LockNotAvailable):
            oak_again.execute(TAKE_WRITE_LOCKS, (WRITE_LOCK, SCHOOL_LOCK))  # Oak's next one waits
        oak_again.rollback()
        oak.rollback()
        oak_again.execute(TAKE_WRITE_LOCKS, (WRITE_LOCK, SCHOOL_LOCK))  # and goes once Oak's is done
        oak_again.rollback()
    finally:
        for conn in (oak, elm, oak_again):
            conn.close()
