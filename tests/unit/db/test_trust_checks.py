"""What a trust's school checks cost the server: a teacher's statement, in the school their
session set, looks their role up in ``school_access`` once and asks nothing else (not
whether they own the tables, not which school is theirs); the others still may act as
before. A trust kept at schema version 15 gets these checks by its upgrade (step 16).
On a real server, the functions' calls counted by the server (``track_functions``)."""

from __future__ import annotations

from test_trust import _fill, _grant, _open, _psql, _superuser, passwords, trust  # noqa: F401

V15_SCHOOL = """
CREATE OR REPLACE FUNCTION amtui_school(writing boolean DEFAULT false) RETURNS integer LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE chosen integer := amtui_chosen();
BEGIN
    IF chosen IS NOT NULL AND (amtui_owner() OR EXISTS (SELECT 1 FROM school_access a WHERE a.role_name = session_user
            AND (a.school_id = chosen AND (a.writes OR NOT writing) OR a.school_id IS NULL AND NOT writing))) THEN
        RETURN chosen;
    END IF;
    RETURN NULL;
END $$;
ALTER TABLE server_audit ALTER COLUMN school_id SET DEFAULT amtui_chosen();
DROP POLICY amtui_add ON server_audit;
CREATE POLICY amtui_add ON server_audit FOR INSERT WITH CHECK (school_id IS NOT DISTINCT FROM (SELECT amtui_chosen()));
"""
"""The check and the server audit log's school as schema version 15's install made them."""


def _read_and_write(key: str) -> str:
    """A read of two tables (a check each) and a write (its check, and the log's row: the
    setting ``key``)."""
    return (f"SELECT COUNT(*) FROM pupil p JOIN staff s ON true; "
            f"INSERT INTO school_setting (key, value) VALUES ('{key}', '6')")


def _calls(server, target, school: int, key: str, sql: str | None = None) -> dict[str, int]:
    """The functions the server called, and how many times, for ``sql`` (default: a read
    and a write, ``_read_and_write``) made in one transaction as teacher_a in ``school``
    (set as amtui sets it)."""
    done = _psql(server, target, "teacher_a", f"SET amtui.school = '{school}'; {sql or _read_and_write(key)}; "
                 "SELECT 'call:' || funcname || '=' || calls FROM pg_stat_xact_user_functions")
    assert "ERROR" not in done.stderr, done.stderr
    return {name: int(n) for name, n in (word.removeprefix("call:").split("=") for word in done.stdout.split()
                                         if word.startswith("call:"))}


def _teacher_counted(server, target) -> int:
    """teacher_a of Oak with a role of their own, whose calls the server counts; Oak's id."""
    _fill(target)
    _grant(target, "teacher_a")
    database = target.url.rsplit("/", 1)[1]
    _superuser(server, f"ALTER ROLE teacher_a IN DATABASE {database} SET track_functions = 'all'")
    return _open(target, "Oak Primary").execute_sql("SELECT id FROM school WHERE name = 'Oak Primary'").fetchone()[0]


def test_a_teachers_statements_look_their_role_up_once_a_table_and_ask_nothing_else(trust, passwords):
    oak = _teacher_counted(passwords, trust)
    calls = _calls(passwords, trust, oak, "meeting_weeks")
    assert calls == {"amtui_school": 3, "amtui_server_audit": 1}  # no amtui_owner, no amtui_chosen
    assert _open(trust, "Oak Primary").execute_sql(
        "SELECT value FROM school_setting WHERE key = 'meeting_weeks'").fetchone() == ("6",)
    log = _open(trust, "Oak Primary").execute_sql(
        "SELECT school_id, db_role FROM server_audit WHERE table_name = 'school_setting' AND action = 'insert' "
        "ORDER BY id DESC LIMIT 1").fetchone()
    assert log == (oak, "teacher_a")  # the log's row in the teacher's school, as before


def test_a_teacher_reading_the_schools_asks_once_whether_they_own_the_tables_not_once_a_school(trust, passwords):
    from amtui.db.connection import write

    oak = _teacher_counted(passwords, trust)
    db = _open(trust, "Oak Primary")
    write(lambda: db.execute_sql("INSERT INTO school (name, urn) VALUES ('Ash Primary', '')"))  # a third
    calls = _calls(passwords, trust, oak, "", "SELECT COUNT(*) FROM school")
    assert calls == {"amtui_owner": 1, "amtui_school": 1}


def test_a_trust_kept_at_version_15_gets_the_cheaper_checks_by_its_upgrade(trust, passwords):
    from amtui.db import migrations

    oak = _teacher_counted(passwords, trust)
    db = _open(trust, "Oak Primary")
    with db.atomic():
        db.execute_sql(V15_SCHOOL)
        db.execute_sql("UPDATE db_info SET value = '15' WHERE key = 'schema_version'")
    before = _calls(passwords, trust, oak, "meeting_weeks")
    assert before["amtui_owner"] == 3 and before["amtui_chosen"] == 5  # 3 checks; the log's default and check
    db = _open(trust, "Oak Primary")  # opening upgrades it
    assert migrations.current_version(db) == migrations.latest() >= 16
    after = _calls(passwords, trust, oak, "weekly_max")
    assert after == {"amtui_school": 3, "amtui_server_audit": 1}


def _chain_start_plan(db) -> str:
    from amtui.db import chain

    db.execute_sql("SET enable_seqscan = off")  # a test's few rows: read whole, else (a trust's millions)
    try:
        return "\n".join(line for (line,) in db.execute_sql("EXPLAIN " + chain.SERVER_START).fetchall())
    finally:
        db.execute_sql("RESET enable_seqscan")


def test_a_schools_newest_audit_entry_and_mark_are_found_by_its_own_index_also_after_an_upgrade_from_15(trust):
    from amtui.db import migrations

    db = _open(trust, "Oak Primary")  # Elm's entries are the trust's newest: Oak's are found by its index
    plan = _chain_start_plan(db)
    assert "criterion_mark_school_newest" in plan and "audit_entry_school_newest" in plan, plan
    with db.atomic():  # as a trust kept at version 15 has them: none
        db.execute_sql("DROP INDEX criterion_mark_school_newest, audit_entry_school_newest")
        db.execute_sql("UPDATE db_info SET value = '15' WHERE key = 'schema_version'")
    assert "school_newest" not in _chain_start_plan(db)
    db = _open(trust, "Oak Primary")  # opening upgrades it
    assert migrations.current_version(db) == migrations.latest()
    plan = _chain_start_plan(db)
    assert "criterion_mark_school_newest" in plan and "audit_entry_school_newest" in plan, plan
