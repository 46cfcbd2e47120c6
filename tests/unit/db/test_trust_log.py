"""The server's audit log (``server_audit``) on a trust's server is held to each school like
every other table: staff read their own school's rows, never another's nor the trust's own;
a database made before it is upgraded in place (schema step 12). On a real server."""

from __future__ import annotations

from amtui.db.connection import Target, write
from test_trust import _fill, _grant, _open, _psql, passwords, scratch_database, trust  # noqa: F401


def _log_schools(target: Target, school: str | None) -> list:
    db = _open(target, school)
    return [row[0] for row in db.execute_sql("SELECT DISTINCT school_id FROM server_audit ORDER BY 1")]


def test_staff_read_their_own_schools_server_log_and_not_anothers_nor_the_trusts(trust, passwords):
    _fill(trust)
    _grant(trust, "teacher_a")
    db = _open(trust)  # the trust's admin, acting in no school: a change of the trust's own
    write(lambda: db.execute_sql("UPDATE school SET urn = '100001' WHERE name = 'Elm Primary'"))
    oak, elm = (row[0] for row in db.execute_sql("SELECT id FROM amtui_schools() ORDER BY id"))
    assert _log_schools(trust, None) == [None]  # the admin with no school: the trust's rows alone
    assert _log_schools(trust, "Oak Primary") == [oak, None]  # and with one: its rows too
    assert _log_schools(trust, "Elm Primary") == [elm, None]
    own = _psql(passwords, trust, "teacher_a", "SELECT count(*), count(*) FILTER (WHERE school_id = "
                f"{oak}), bool_or(table_name = 'pupil') FROM server_audit")
    count, oaks, pupils = own.stdout.strip().split("|")
    assert int(count) > 0 and count == oaks and pupils == "t", own.stderr  # Oak's pupils were logged
    other = _psql(passwords, trust, "teacher_a", f"SET amtui.school = '{elm}'; SELECT count(*) FROM server_audit; "
                  "SELECT count(*) FROM server_audit WHERE school_id IS NULL")
    assert other.stdout.split() == ["SET", "0", "0"], other.stderr
    for sql in ("INSERT INTO server_audit (table_name, action, row_count) VALUES ('pupil', 'delete', 0)",
                "UPDATE server_audit SET row_count = 0", "DELETE FROM server_audit"):
        assert "permission denied" in _psql(passwords, trust, "teacher_a", sql).stderr, sql


def test_a_server_database_made_before_is_upgraded_its_log_given_its_one_school(pg_server):
    from amtui.db import migrations, server_audit
    from amtui.db.startup import open_database

    with scratch_database(pg_server, "log") as target:
        db = open_database(target, create=True).db
        with db.atomic():  # the log as version 11 had it: no school, no row-level security
            for policy in ("amtui_read", "amtui_add", "amtui_change", "amtui_remove"):
                db.execute_sql(f"DROP POLICY {policy} ON server_audit")
            db.execute_sql("ALTER TABLE server_audit NO FORCE ROW LEVEL SECURITY")
            db.execute_sql("ALTER TABLE server_audit DISABLE ROW LEVEL SECURITY")
            db.execute_sql("ALTER TABLE server_audit DROP COLUMN school_id")
            db.execute_sql("UPDATE db_info SET value = '11' WHERE key = 'schema_version'")
        before = db.execute_sql("SELECT count(*) FROM server_audit").fetchone()[0]
        db.close()
        db = open_database(target).db
        assert migrations.current_version(db) == migrations.latest()
        assert db.execute_sql("SELECT count(*), count(*) FILTER (WHERE school_id = 1) FROM server_audit "
                              "WHERE id <= %s", (before,)).fetchone() == (before, before)
        assert before > 0 and server_audit.problems(db) == []
        assert db.execute_sql("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class "
                              "WHERE relname = 'server_audit'").fetchone() == (True,)
        db.close()
