"""A trust of two schools on a real PostgreSQL server, and a trust role to read them.

Oak (school 1) is the small school (``tests/ui/small_school.py``); Elm (school 2) is the same
school built again in its own school, then changed so the two differ: Elm has lost Callum
(he left), and Jo Smith has held one more meeting there. Everyone but the first build
connects as their own role, not a superuser (a superuser passes every row-level policy):
``trustadmin`` writes in both schools, the trust's data lead ``trustlead`` reads both.
"""

from __future__ import annotations

import datetime as dt

import psycopg

from amtui.db.connection import Target, write
from amtui.db.models import Meeting, Pupil
from amtui.db.startup import Opened, open_database
from small_school import SmallSchool, build

READER = "trustlead"
ADMIN = "trustadmin"
ELM = "Elm Academy"
OAK = "Oak Primary"
KEEPER = "trustkeeper"
"""The trust's admin role, once ``owned_by_keeper`` hands it the tables."""


def _owner_sql(target: Target, *statements: str) -> None:
    with psycopg.connect(target.url, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def build_trust(target: Target) -> tuple[SmallSchool, SmallSchool]:
    """Oak and Elm in the server database ``target`` (as its owner), and the trust role."""
    oak = build(target)
    oak.opened.db.close()
    _owner_sql(target, f"UPDATE school SET name = '{OAK}' WHERE id = 1",
               f"INSERT INTO school (name, urn) VALUES ('{ELM}', '')",
               "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtui_trust') "
               "THEN CREATE ROLE amtui_trust NOLOGIN; END IF; "
               f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER}') "
               f"THEN CREATE ROLE {READER} LOGIN IN ROLE amtui_trust; END IF; "
               f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMIN}') "
               f"THEN CREATE ROLE {ADMIN} LOGIN; END IF; END $$",
               "GRANT SELECT ON ALL TABLES IN SCHEMA public TO amtui_trust",
               f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ADMIN}",
               f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {ADMIN}",
               f"INSERT INTO school_access (role_name, school_id, writes) VALUES ('{READER}', NULL, false), "
               f"('{ADMIN}', 1, true), ('{ADMIN}', 2, true) ON CONFLICT DO NOTHING")
    elm = build(role_target(target, ADMIN, "2"))

    def differ() -> None:
        Pupil.update(left_on=elm.today - dt.timedelta(days=1)).where(Pupil.id == elm.pupils["Callum Cole"]).execute()
        start = dt.datetime.combine(elm.today - dt.timedelta(days=1), dt.time(9))
        Meeting.create(pupil=elm.pupils["Ella Evans"], mentor=elm.staff["jsmith"], status="done",
                       started_at=start, ended_at=start + dt.timedelta(minutes=15))

    write(differ)
    elm.opened.db.close()
    return oak, elm


def owned_by_keeper(target: Target) -> None:
    """The tables handed to a trust's admin role that is no superuser (``KEEPER``, whom
    row-level security holds to each school in turn, as on a trust's server)."""
    _owner_sql(target, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{KEEPER}') "
                       f"THEN CREATE ROLE {KEEPER} LOGIN; END IF; END $$",
               "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
               f"LOOP EXECUTE format('ALTER TABLE %I OWNER TO {KEEPER}', t); END LOOP; END $$")


def role_target(target: Target, role: str, school: str | None = None) -> Target:
    """The database as ``role`` (in ``school``, when given)."""
    return Target(target.url.replace("postgres@", f"{role}@", 1), school=school)


def as_role(target: Target, role: str, school: str | None = None) -> Opened:
    """The database opened as ``role`` (in ``school``, when given)."""
    return open_database(role_target(target, role, school))
