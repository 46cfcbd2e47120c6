"""A trust's schools in one PostgreSQL database, kept apart by the server itself.

Every table holds ``school_id`` (schema version 10). On PostgreSQL:

* a session's school is the setting ``amtui.school``, which amtui sets when it connects
  (``enter``): the school named by ``AMTUI_SCHOOL`` or ``school`` in the config, else the
  one school the person may act in. Rows amtui inserts take their ``school_id`` from it
  (the column's default), so no query names the school. Unset (a teacher's ``psql``),
  ``amtui_chosen()`` stands in: the one school the role may act in, else the database's
  one school;
* ``amtui_school()`` returns that school only if the session's role may read it, and
  ``amtui_school(true)`` only if it may write there: the table owner (the trust's
  admin role, and a role in it, such as the trust's backup role) in any school, a member of staff in each school where they have an active
  staff row, a trust role (CEO, trust data lead: ``amtui trust grant --reader``) reading
  any school and writing none. Who may act where is ``school_access``, which a trigger
  keeps from the staff rows; no staff role can change it. It reads the school set and
  looks the role up there first, asking whether the role owns the tables (a function of its
  own, as each costs the server more than the look-up) only when that fails. It is STABLE and
  SECURITY DEFINER, and written ``(SELECT amtui_school())`` in the policies, so the server
  works it out once per statement; it is PL/pgSQL, whose plans a session keeps (a
  SQL function that cannot be inlined, as a SECURITY DEFINER one cannot, is planned
  again at every call: it made one class's marks take 1.8 times as long);
* every table's row-level security, FORCE'd so the owner is held to it too, is a plain
  equality: read ``school_id = (SELECT amtui_school())``; insert, update and delete
  ``school_id = (SELECT amtui_school(true))``. The audit trail has no update or
  delete policy but the owner's (an erasure), and staff have no such grant on it. A role
  that sets ``amtui.school`` to a school it does not belong to sees and changes nothing;
* ``school`` itself: staff read their own school's row; only the owner adds schools.
  Its security is not FORCE'd, so the owner (and the functions above, which run as the
  owner) see every school to choose from.

``install`` is called by ``server_audit.install``, so it runs at creation and after every
schema step, and a table a later step adds is guarded at once.
"""

from __future__ import annotations

import peewee

SCHOOL_SETTING = "amtui.school"
"""The session's school, set when amtui connects (``enter``)."""
ACCESS = "school_access"
STAFF_ROLE = "amtui_staff"
"""Granted to each member of staff's own role: their schools are their staff rows."""
READER_ROLE = "amtui_trust"
"""Granted to each trust role: read every table of every school, write none."""
NOT_STAFFS = ("school", ACCESS)
"""Tables staff may not write, whatever their school."""
LOG = "server_audit"
"""The server's audit log (``amtui.db.server_audit``): each row names the school whose
session made the change (none for the trust's own changes, as a school added)."""
KEPT = "kept_trust_figures"
"""Each school's trust-view figures, kept (the table schema step 13 made; ``repo.trust_kept``):
derived from the school's rows, so not logged, and written by the trust's admin role alone."""

SET = f"NULLIF(current_setting('{SCHOOL_SETTING}', true), '')::int"
"""The school the session set (NULL: none): read before any function is called, for a
function call costs the server more than the rest of a policy's work (SECURITY DEFINER
and its own search_path)."""

CHOSEN = f"""
CREATE OR REPLACE FUNCTION amtui_chosen() RETURNS integer LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    RETURN COALESCE({SET},
                    (SELECT min(school_id) FROM {ACCESS} WHERE role_name = session_user HAVING count(*) = 1),
                    (SELECT min(id) FROM school HAVING count(*) = 1));
END $$;
"""
"""The session's school: ``amtui.school``, else the one school its role may act in, else the
database's one school. PL/pgSQL, whose body is read only when called: it is made before
the tables whose default calls it."""

FUNCTIONS = CHOSEN + f"""
CREATE TABLE IF NOT EXISTS {ACCESS} (
    role_name TEXT NOT NULL,
    school_id INTEGER REFERENCES school (id) ON DELETE CASCADE,
    writes BOOLEAN NOT NULL,
    UNIQUE NULLS NOT DISTINCT (role_name, school_id)
);
CREATE OR REPLACE FUNCTION amtui_owner() RETURNS boolean LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    RETURN pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'school'::regclass), 'MEMBER');
END $$;
CREATE OR REPLACE FUNCTION amtui_school(writing boolean DEFAULT false) RETURNS integer LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE chosen integer := COALESCE({SET}, amtui_chosen());
BEGIN
    IF chosen IS NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM {ACCESS} a WHERE a.role_name = session_user AND a.school_id = chosen
               AND (a.writes OR NOT writing)) THEN
        RETURN chosen;
    END IF;
    IF NOT writing AND EXISTS (SELECT 1 FROM {ACCESS} a WHERE a.role_name = session_user AND a.school_id IS NULL)
            OR amtui_owner() THEN
        RETURN chosen;
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION amtui_schools() RETURNS TABLE (id integer, name text) LANGUAGE sql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT s.id, s.name FROM school s WHERE amtui_owner() OR EXISTS (
        SELECT 1 FROM {ACCESS} a WHERE a.role_name = session_user AND (a.school_id = s.id OR a.school_id IS NULL))
    ORDER BY s.id
$$;
CREATE OR REPLACE FUNCTION amtui_staff_access() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM {ACCESS} WHERE role_name = OLD.username AND school_id = OLD.school_id AND writes;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active THEN
        INSERT INTO {ACCESS} (role_name, school_id, writes) VALUES (NEW.username, NEW.school_id, true)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS staff_access ON staff;
CREATE TRIGGER staff_access AFTER INSERT OR UPDATE OR DELETE ON staff
    FOR EACH ROW EXECUTE FUNCTION amtui_staff_access();
"""

READ = "school_id = (SELECT amtui_school())"
WRITE = "school_id = (SELECT amtui_school(true))"
LOG_COLUMN = f"ALTER TABLE {LOG} ADD COLUMN IF NOT EXISTS school_id INTEGER REFERENCES school (id)"
LOG_SCHOOL = f"{LOG_COLUMN}; ALTER TABLE {LOG} ALTER COLUMN school_id SET DEFAULT COALESCE({SET}, amtui_chosen())"
"""The log's rows take the school of the session whose change they record (the default
once ``school_access``, which ``amtui_chosen`` reads, is there)."""
OWNER = "(SELECT amtui_owner())"
"""Whether the session's role owns the tables, once a statement (an InitPlan): written
``amtui_owner()`` alone, a policy calls it again for every row it weighs."""
LOG_READ = f"{READ} OR school_id IS NULL AND {OWNER}"
"""A school's log rows are its own; the trust's own (no school) are its admin's alone."""
LOG_ADD = f"school_id IS NOT DISTINCT FROM COALESCE({SET}, (SELECT amtui_chosen()))"
"""Only the log's trigger writes it (no staff role may insert): each row the session's school."""


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def school_tables(db: peewee.Database) -> list[str]:
    """The tables that hold a school's rows (a ``school_id``), but ``school_access``, which
    the functions the policies call read (no staff role may read or change it)."""
    return [name for (name,) in db.execute_sql(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'school_id' ORDER BY table_name").fetchall() if name != ACCESS]


def policies_for(table: str, append_only: bool = False) -> list[str]:
    """The statements that hold ``table`` to its school (the audit trail: read and add only,
    but for the owner's erasures)."""
    q = quoted(table)
    change = f"{WRITE} AND {OWNER}" if append_only else WRITE
    read, add = (LOG_READ, LOG_ADD) if table == LOG else (READ, WRITE)
    made = [f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY", f"ALTER TABLE {q} FORCE ROW LEVEL SECURITY"]
    for name, command, clauses in (
            ("amtui_read", "SELECT", f"USING ({read})"),
            ("amtui_add", "INSERT", f"WITH CHECK ({add})"),
            ("amtui_change", "UPDATE", f"USING ({change}) WITH CHECK ({change})"),
            ("amtui_remove", "DELETE", f"USING ({change})")):
        made += [f"DROP POLICY IF EXISTS {name} ON {q}", f"CREATE POLICY {name} ON {q} FOR {command} {clauses}"]
    return made


SCHOOL_POLICIES = [
    "ALTER TABLE school ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS amtui_read ON school",
    "CREATE POLICY amtui_read ON school FOR SELECT USING (id = (SELECT amtui_school()))",
    "DROP POLICY IF EXISTS amtui_own ON school",
    f"CREATE POLICY amtui_own ON school FOR ALL USING ({OWNER}) WITH CHECK ({OWNER})",
]


def install(db: peewee.Database, append_only: tuple[str, ...]) -> None:
    """Make the functions, ``school_access`` (filled from the staff rows the first time) and
    every school table's policies; grant the trust roles their reading (inside the
    transaction that creates or upgrades the schema)."""
    if not db.table_exists("school"):
        return  # a server database before schema version 10: its upgrade calls this again
    new = not db.table_exists(ACCESS)
    db.execute_sql(FUNCTIONS)
    if db.table_exists(LOG):
        db.execute_sql(LOG_SCHOOL)
    if new:  # before the staff table is held to one school
        db.execute_sql(f"INSERT INTO {ACCESS} (role_name, school_id, writes) SELECT username, school_id, true "
                       "FROM staff WHERE active ON CONFLICT DO NOTHING")
    for table in school_tables(db):
        for sql in policies_for(table, table in append_only):
            db.execute_sql(sql)
    for sql in SCHOOL_POLICIES:
        db.execute_sql(sql)
    if db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER_ROLE,)).fetchone():
        names = ", ".join(quoted(t) for t in [*school_tables(db), "school", "db_info"])  # db_info: the version
        db.execute_sql(f"GRANT SELECT ON {names} TO {READER_ROLE}")


def enter(conn, choice: str | None) -> int | None:
    """Set this connection's school (a raw psycopg connection, as it opens): ``choice`` (a
    school's number or name), else the one school the role may act in; None when the
    database holds no schools yet or the choice is not one of the role's."""
    found = conn.execute("SELECT to_regproc('amtui_schools') IS NOT NULL AND to_regclass(%s) IS NOT NULL",
                         (ACCESS,)).fetchone()[0]
    if not found:
        return None
    schools = conn.execute("SELECT id, name FROM amtui_schools()").fetchall()
    chosen = chosen_school(schools, choice)
    if chosen is not None:
        conn.execute("SELECT set_config(%s, %s, false)", (SCHOOL_SETTING, str(chosen)))
    return chosen


def chosen_school(schools: list[tuple[int, str]], choice: str | None) -> int | None:
    """The id of the school ``choice`` names (its number or its name, any case) among
    ``schools``; with no choice, the only one."""
    if choice is None or not choice.strip():
        return schools[0][0] if len(schools) == 1 else None
    wanted = choice.strip().casefold()
    return next((sid for sid, name in schools if str(sid) == wanted or name.strip().casefold() == wanted), None)


def _choices(db: peewee.Database) -> list[tuple[int, str]]:
    if not db.execute_sql("SELECT to_regproc('amtui_schools') IS NOT NULL").fetchone()[0]:
        return []  # a server database before schema version 10
    return [(sid, name) for sid, name in db.execute_sql("SELECT id, name FROM amtui_schools()").fetchall()]


def listed(schools: list[tuple[int, str]]) -> str:
    """The schools one may choose, for a message: "1 Oak Primary; 2 Elm Primary"."""
    return "; ".join(f"{sid} {name.strip() or '(not named yet)'}" for sid, name in schools) or "none"


def refused_choice(db: peewee.Database, choice: str) -> str | None:
    """Why this connection, opened to act in the school ``choice`` names (``--school``,
    ``AMTUI_SCHOOL``, ``school =`` in the config), acts in none: no school of the trust the
    person may act in has that name or number. None on SQLite and when it is theirs."""
    if not isinstance(db, peewee.PostgresqlDatabase) or school_in_use(db):
        return None
    return (f"There is no school \"{choice}\" among yours in this trust. Choose one by its name or number "
            f"with --school (or AMTUI_SCHOOL, or school = in the config): {listed(_choices(db))}.")


def unchosen(db: peewee.Database) -> list[tuple[int, str]]:
    """The schools this connection's person may act in when they chose none though there are
    several (a trust role, the trust's admin, staff of two schools); [] when it acts in one
    (and on SQLite)."""
    if not isinstance(db, peewee.PostgresqlDatabase) or school_in_use(db):
        return []
    schools = _choices(db)
    return schools if len(schools) > 1 else []


def use_school(db: peewee.Database, school_id: int | str) -> None:
    """Act in ``school_id`` from now on, on this connection (the owner adding a school, a
    trust role reading each in turn); "" for none, as a connection opens."""
    db.execute_sql("SELECT set_config(%s, %s, false)", (SCHOOL_SETTING, str(school_id)))


def school_in_use(db: peewee.Database) -> str:
    """The school this connection acts in now, as set ("" for none): to put back after
    :func:`use_school`."""
    return db.execute_sql("SELECT current_setting(%s, true)", (SCHOOL_SETTING,)).fetchone()[0] or ""


def school_for(db: peewee.Database, name: str) -> int:
    """The school ``amtui init --school NAME`` founds, which this connection acts in from
    then on: the database's first school while it is unnamed (a new database, or a SQLite
    file), else a new school of the trust. Call inside a write; on a server only the
    trust's admin role (the tables' owner) may add a school. ValueError: a school of that
    name is there already."""
    p = db.param
    unnamed = db.execute_sql("SELECT id FROM school WHERE name = '' ORDER BY id LIMIT 1").fetchone()
    if unnamed:
        db.execute_sql(f"UPDATE school SET name = {p} WHERE id = {p}", (name, unnamed[0]))
        chosen = unnamed[0]
    elif not isinstance(db, peewee.PostgresqlDatabase):
        raise ValueError("This database already holds a school (a file holds one; a trust's schools share a "
                         "PostgreSQL database).")
    elif unguarded(db):
        raise ValueError(unguarded(db))
    elif db.execute_sql("SELECT 1 FROM school WHERE lower(name) = lower(%s)", (name,)).fetchone():
        raise ValueError(f"The trust already has a school named {name}.")
    else:
        chosen = db.execute_sql("INSERT INTO school (name, urn) VALUES (%s, '') RETURNING id", (name,)).fetchone()[0]
    if isinstance(db, peewee.PostgresqlDatabase):
        use_school(db, chosen)
    return chosen


def unguarded(db: peewee.Database) -> str | None:
    """Why this session may not add schools (a superuser, whom no row-level security holds
    to one school, or a role that does not own the tables), or None."""
    superuser, owner = db.execute_sql("SELECT rolsuper, amtui_owner() FROM pg_roles "
                                      "WHERE rolname = session_user").fetchone()
    if superuser:
        return ("You are connected as a superuser, whom the row-level security does not hold to one school: "
                "work on the trust's schools as its admin role (the role that owns amtui's tables).")
    if not owner:
        return "Only the trust's admin role (the role that owns amtui's tables) may add schools or grant roles."
    return None


def problems(db: peewee.Database) -> list[str]:
    """A school table the server no longer holds to its school: its row-level security
    switched off or not FORCE'd, or a policy dropped (outside amtui)."""
    if not db.table_exists("school"):
        return []
    found = []
    flags = dict((name, (on, forced)) for name, on, forced in db.execute_sql(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'").fetchall())
    policies = set(db.execute_sql("SELECT tablename, policyname FROM pg_policies "
                                  "WHERE schemaname = current_schema()").fetchall())
    for table in school_tables(db):
        on, forced = flags.get(table, (False, False))
        missing = [name for name in ("amtui_read", "amtui_add", "amtui_change", "amtui_remove")
                   if (table, name) not in policies]
        if not (on and forced) or missing:
            found.append(f"{table} is not held to one school: its row-level security was "
                         f"{'weakened' if on else 'switched off'} outside amtui"
                         + (f" ({', '.join(missing)} dropped)." if missing else "."))
    return found
