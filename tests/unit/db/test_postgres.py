"""PostgreSQL: a postgresql:// URL opens with psycopg 3, and what differs from SQLite."""

from __future__ import annotations

import sys

import peewee
import pytest

from amtui.db import connection
from amtui.db.connection import DatabaseUnavailable, Target


def test_a_postgresql_url_is_opened_with_psycopg_3():
    db = connection.make_database(Target("postgresql://amtui@db.school.local/trust"))
    assert isinstance(db, peewee.PostgresqlDatabase)
    assert type(db._adapter).__name__ == "Psycopg3Adapter"


def test_without_the_driver_the_message_says_which_extra_brings_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    monkeypatch.setattr(peewee, "psycopg", None)  # as before any server was opened in this process
    with pytest.raises(DatabaseUnavailable, match=r"pip install 'amtui\[postgres\]'"):
        connection.make_database(Target("postgresql://amtui@db.school.local/trust"))


def test_a_url_of_another_database_is_refused_with_what_amtui_takes():
    with pytest.raises(DatabaseUnavailable, match="postgresql:// URL"):
        connection.make_database(Target("mysql://amtui@db.school.local/trust"))


@pytest.mark.parametrize("text", ["deadlock detected", "could not serialize access due to concurrent update",
                                  "canceling statement due to lock timeout"])
def test_a_server_deadlock_or_serialization_failure_is_retried_as_busy(text):
    assert connection.is_busy_error(peewee.OperationalError(text))
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise peewee.OperationalError(text)
        return "saved"

    assert connection.retrying(flaky) == "saved" and len(calls) == 3


# --- on a real server (tests/pg_server.py) ---------------------------------------------------

on_postgres = pytest.mark.parametrize("db_engine", ["postgres"])


def _psql_as(target: Target, role: str):
    """A connection as ``role``, as a member of staff with psql would have."""
    import psycopg

    return psycopg.connect(target.url.replace("postgres@", f"{role}@", 1), autocommit=True)


@on_postgres
def test_a_fresh_server_database_is_made_at_the_latest_version_stamped_guarded_and_audited(opened):
    from amtui.db import migrations, server_audit

    db = opened.db
    assert migrations.current_version(db) == migrations.latest()
    assert db.execute_sql("SELECT action FROM audit_entry ORDER BY id").fetchall()[:1] == [("schema.create",)]
    assert server_audit.problems(db) == []
    logged = set(db.execute_sql("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                "WHERE t.tgname LIKE 'log\\_%%'").fetchall())
    assert {(name,) for name in server_audit.tables(db)} == logged


@on_postgres
def test_staff_roles_can_add_to_the_audit_trail_and_the_log_but_never_change_either(opened, db_target):
    import psycopg

    from amtui.db import server_audit

    db = opened.db
    db.execute_sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtui_staff') "
                   "THEN CREATE ROLE amtui_staff NOLOGIN; END IF; "
                   "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'teacher1') "
                   "THEN CREATE ROLE teacher1 LOGIN IN ROLE amtui_staff; END IF; END $$")
    with db.atomic():
        server_audit.install(db)  # the grants go to amtui_staff now that it exists
    from amtui.db.models import Staff

    Staff.create(username="teacher1", name="Tess Teacher")  # a member of this school's staff
    with _psql_as(db_target, "teacher1") as teacher:
        teacher.execute("INSERT INTO school_setting (key, value) VALUES ('meeting_weeks', '6')")
        logged = teacher.execute("SELECT db_role, table_name, action, row_count FROM server_audit "
                                 "ORDER BY id DESC LIMIT 1").fetchone()
        assert logged == ("teacher1", "school_setting", "insert", 1)
        for sql in ("UPDATE audit_entry SET login = 'someone'", "DELETE FROM audit_entry",
                    "TRUNCATE audit_entry", "DELETE FROM server_audit", "UPDATE server_audit SET db_role = 'x'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                teacher.execute(sql)
    # not even the tables' owner changes the server's log
    with pytest.raises(peewee.ProgrammingError, match="can only be added to"):
        with db.atomic():
            db.execute_sql("DELETE FROM server_audit")


@on_postgres
def test_a_change_made_outside_amtui_is_logged_and_a_dropped_guard_is_named(opened, db_target):
    from amtui.db import audit_verify

    with _psql_as(db_target, "postgres") as owner:
        owner.execute("INSERT INTO school_setting (key, value) VALUES ('meeting_weeks', '6')")
        owner.execute("UPDATE school_setting SET value = '7'")
        owner.execute("DROP TRIGGER log_pupil_delete ON pupil")
        owner.execute("DROP TRIGGER append_only_audit_entry ON audit_entry")
    db = opened.db
    assert db.execute_sql("SELECT db_role, table_name, action FROM server_audit WHERE table_name = 'school_setting' "
                          "ORDER BY id").fetchall() == [("postgres", "school_setting", "insert"),
                                                        ("postgres", "school_setting", "update")]
    report = audit_verify.verify(db)
    assert "Changes to pupil (delete) are not logged: a trigger was dropped outside amtui." in report.problems
    assert "audit_entry can be changed and deleted: its guard was dropped outside amtui." in report.problems


@on_postgres
def test_a_backup_is_a_checked_pg_dump_with_the_snapshots_counts_and_audit_head(opened, db_target, tmp_path):
    from amtui.db import maintenance
    from amtui.db.audit import audit
    from amtui.db.connection import write

    write(lambda: audit("admin1", "test.change", "school", 1))
    head = opened.db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    info = maintenance.take_backup(db_target, tmp_path / "backups", "admin1")
    assert info.path.name.endswith(".dump") and info.path.exists() and info.schema_version > 0
    assert (info.pupils, info.marks) == (0, 0)
    import json

    manifest = json.loads(maintenance.manifest_of(info.path).read_text())
    assert (manifest["audit_id"], manifest["audit_hash"]) == tuple(head)
    assert [p.name for p in maintenance.backups_in(tmp_path / "backups", ".dump")] == [info.path.name]
    with pytest.raises(DatabaseUnavailable, match="pg_restore --clean"):
        maintenance.restore_backup(db_target, info.path, "admin1")
    with pytest.raises(DatabaseUnavailable, match="amtui backup DIR"):
        maintenance.take_backup(db_target, None, "admin1")


@on_postgres
def test_the_demo_refuses_a_server_database_that_holds_a_real_school(opened, db_target):
    from amtui.db import demo_file
    from amtui.db.models import Pupil

    Pupil.create(upn="A123456789012", forename="Ann", surname="Lee", year_group=4)
    with pytest.raises(DatabaseUnavailable, match="holds a school's real records"):
        demo_file.prepare(db_target, fresh=True)
    assert opened.db.execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0] == 1


@on_postgres
def test_the_doctor_checks_what_applies_on_a_server(opened, db_target, monkeypatch):
    from amtui.doctor import checks
    from amtui.doctor.server import server_checks

    found = server_checks(db_target)
    assert found[0].status == checks.OK and "schema version" in found[0].what
    assert any(c.status == checks.WARN and "a superuser" in c.what for c in found)  # the tests' role is one
    assert any("pg_dump" in c.todo for c in found)
    gone = server_checks(Target(db_target.url.rsplit("/", 1)[0] + "/no_such_school"))
    assert [c.status for c in gone] == [checks.UNSAFE] and "cannot be opened" in gone[0].what


@on_postgres
def test_a_fresh_demo_drops_an_old_demos_tables_on_a_server(opened, db_target):
    from amtui.db import demo_file
    from amtui.db.connection import write

    write(demo_file.mark_demo)
    opened.db.close()
    demo_file.prepare(db_target, fresh=True)
    opened.db.connect()
    assert opened.db.get_tables() == []


def test_rows_the_demo_numbers_itself_leave_the_next_id_after_them(opened):
    from amtui.db.connection import write
    from amtui.db.models import Subject
    from amtui.demo.common import bulk

    ids = write(lambda: bulk(Subject, [{"name": "Art", "code": "A"}, {"name": "Music", "code": "U"}]))
    made = write(lambda: Subject.create(name="Drama", code="D"))
    assert made.id > max(ids)


@pytest.fixture
def empty_server_database(pg_server):
    """A database with nothing in it, as an admin's createdb leaves it."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE oak_empty")
    yield Target(pg_server.url("oak_empty"))
    from amtui.db.connection import database

    if database.obj is not None:
        database.obj.close()
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("DROP DATABASE oak_empty WITH (FORCE)")


def test_init_on_an_empty_server_database_makes_the_school_and_a_second_init_is_refused(
        empty_server_database, login_as, capsys):
    from amtui import cli

    url = empty_server_database.url
    login_as("head")
    assert cli.main(["--db", url, "init", "--school", "Oak Primary", "--year", "2026"]) == 0
    assert "you (head) are its admin" in capsys.readouterr().out
    from amtui.db.connection import database

    db = database.obj
    assert db.execute_sql("SELECT username, roles FROM staff").fetchall() == [("head", "admin")]
    assert db.execute_sql("SELECT login FROM audit_entry WHERE action = 'school.init'").fetchall() == [("head",)]
    assert db.execute_sql("SELECT COUNT(*) FROM half_term").fetchone()[0] == 6
    assert cli.main(["--db", url, "init", "--school", "Other"]) == 1
    assert "Other" not in str(db.execute_sql("SELECT value FROM school_setting").fetchall())


def _step(server):
    """One step after the latest: its number is the next free one."""
    from amtui.db.migrations import STEPS, Step

    def sqlite_form(db):
        db.execute_sql("ALTER TABLE subject ADD COLUMN colour TEXT")

    return Step(len(STEPS) + 1, "subjects have a colour", sqlite_form, server=server)


@on_postgres
def test_a_step_with_a_postgresql_form_upgrades_a_server_database_guarded_and_audited(opened, db_target,
                                                                                      monkeypatch):
    from amtui.db import migrations, server_audit
    from amtui.db.startup import open_database

    before = migrations.latest()
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [_step(
        lambda db: db.execute_sql("ALTER TABLE subject ADD COLUMN colour TEXT; "
                                  "CREATE TABLE subject_note (id SERIAL PRIMARY KEY, note TEXT)"))])
    opened.db.close()
    db = open_database(db_target).db
    assert migrations.current_version(db) == before + 1
    assert db.execute_sql("SELECT action, detail FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()[0] \
        == "schema.upgrade"
    assert "subject_note" in server_audit.tables(db) and server_audit.problems(db) == []


@on_postgres
def test_a_step_without_a_postgresql_form_leaves_a_server_database_untouched(opened, db_target, monkeypatch):
    from amtui.db import migrations
    from amtui.db.startup import open_database

    before = migrations.latest()
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [_step(None)])
    opened.db.close()
    with pytest.raises(DatabaseUnavailable, match=rf"step {before + 1} \(subjects have a colour\) has no "
                                                  "PostgreSQL form"):
        open_database(db_target)
    opened.db.connect()
    assert migrations.current_version(opened.db) == before


@on_postgres
def test_a_server_database_before_version_11_loses_the_marks_index_on_the_pupil_alone(opened, db_target):
    from amtui.db import migrations
    from amtui.db.startup import open_database

    indexes = "SELECT indexname FROM pg_indexes WHERE tablename = 'criterion_mark' ORDER BY indexname"
    db = opened.db
    assert ("criterion_mark_pupil_id",) not in db.execute_sql(indexes).fetchall()  # a fresh one: never made
    with db.atomic():  # as version 10 made it
        db.execute_sql('CREATE INDEX "criterion_mark_pupil_id" ON "criterion_mark" ("pupil_id")')
        migrations.set_info(db, "schema_version", "10")
    db.close()
    db = open_database(db_target).db
    assert migrations.current_version(db) == migrations.latest() >= 11
    found = [name for (name,) in db.execute_sql(indexes).fetchall()]
    assert "criterion_mark_pupil_id" not in found
    assert "criterion_mark_pupil_id_criterion_id_half_term_id" in found
