"""A trust made before the row-level security's functions took their present form upgrades
(schema step 14): its old ``amtui_school()`` and ``amtui_school_to_write()`` would leave
the policies made afresh after the upgrade naming two functions. On a real server."""

from __future__ import annotations

import peewee
import pytest

from test_trust import _open, passwords, trust  # noqa: F401
from test_trust import test_a_teacher_of_one_school_with_psql_finds_none_of_anothers_pupils_and_cannot_change_the_audit \
    as teacher_sees_own_school_only

OLD_FUNCTIONS = """
CREATE FUNCTION amtui_school() RETURNS integer LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE chosen integer := amtui_chosen();
BEGIN
    IF chosen IS NOT NULL AND (amtui_owner() OR EXISTS (SELECT 1 FROM school_access a WHERE a.role_name = session_user
            AND (a.school_id = chosen OR a.school_id IS NULL))) THEN
        RETURN chosen;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION amtui_school_to_write() RETURNS integer LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE chosen integer := amtui_chosen();
BEGIN
    IF chosen IS NOT NULL AND (amtui_owner() OR EXISTS (SELECT 1 FROM school_access a WHERE a.role_name = session_user
            AND a.school_id = chosen AND a.writes)) THEN
        RETURN chosen;
    END IF;
    RETURN NULL;
END $$;
"""
"""The two functions as the first trusts' install made them (the functions' SQL of amtui
before ``amtui_school`` took its ``writing`` argument)."""


def _as_the_first_trusts_were(db: peewee.Database) -> None:
    """The trust's functions and policies as a trust made before had them, at version 13."""
    from amtui.db import server_audit, trust

    with db.atomic():
        db.execute_sql("DROP FUNCTION amtui_school(boolean) CASCADE")  # and every policy calling it
        db.execute_sql(OLD_FUNCTIONS)
        for table in trust.school_tables(db):
            for sql in trust.policies_for(table, table in server_audit.APPEND_ONLY):
                db.execute_sql(sql.replace("amtui_school(true)", "amtui_school_to_write()"))
        for sql in trust.SCHOOL_POLICIES:
            db.execute_sql(sql)
        db.execute_sql("UPDATE db_info SET value = '13' WHERE key = 'schema_version'")


def _school_functions(db: peewee.Database) -> list[str]:
    return [row[0] for row in db.execute_sql(
        "SELECT oid::regprocedure::text FROM pg_proc WHERE proname IN ('amtui_school', 'amtui_school_to_write') "
        "ORDER BY 1").fetchall()]


def test_a_trust_with_the_first_functions_upgrades_and_each_school_is_still_held_apart(trust, passwords):
    from amtui.db import migrations

    db = _open(trust, "Oak Primary")
    _as_the_first_trusts_were(db)
    assert _school_functions(db) == ["amtui_school()", "amtui_school_to_write()"]
    db.execute_sql("CREATE OR REPLACE FUNCTION amtui_school(writing boolean DEFAULT false) RETURNS integer "
                   "LANGUAGE sql AS 'SELECT 1'")  # what the install after the upgrade makes beside the old one:
    with pytest.raises(peewee.ProgrammingError, match="not unique"):  # the upgrade stopped here before
        db.execute_sql("SELECT amtui_school()")
    db.execute_sql("DROP FUNCTION amtui_school(boolean)")
    db = _open(trust, "Oak Primary")  # opening upgrades it
    assert migrations.current_version(db) == migrations.latest()
    assert _school_functions(db) == ["amtui_school(boolean)"]
    policies = db.execute_sql("SELECT count(*), count(*) FILTER (WHERE strpos(concat(qual, with_check), "
                              "'amtui_school(') > 0) FROM pg_policies WHERE tablename = 'pupil'").fetchone()
    assert policies == (4, 4)
    teacher_sees_own_school_only(trust, passwords)
