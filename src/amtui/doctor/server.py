"""The doctor on a PostgreSQL database: what applies there (no file, no mount, no journal).

The server decides who may connect and what each role may do; the doctor checks that
amtui can open the database, whom it connects as, that the staff role exists, and says
where backups come from. The audit trail and the server's guards are checked after this,
as for a file (``run._check_audit_chain``: ``amtui.db.server_audit.problems``).
"""

from __future__ import annotations

from amtui.doctor.checks import OK, UNSAFE, WARN, Check


def server_checks(target) -> list[Check]:
    from amtui.db import migrations, trust
    from amtui.db.startup import open_database

    try:
        db = open_database(target).db
        version = migrations.current_version(db)
        server, role, superuser = db.execute_sql(
            "SELECT current_setting('server_version'), session_user, rolsuper FROM pg_roles "
            "WHERE rolname = session_user").fetchone()
        staff_role = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                    (trust.STAFF_ROLE,)).fetchone() is not None
    except Exception as error:  # an unreachable server or a refused role: said, never a traceback
        return [Check(UNSAFE, f"the server database cannot be opened: {error}",
                      "check the postgresql:// URL, that the server runs, and pg_hba.conf")]
    found = [Check(OK, f"the database opens on PostgreSQL {server} at schema version {version}")]
    if superuser:
        found.append(Check(WARN, f"amtui connects as {role}, a superuser: the server's guards do not bind it",
                           "staff connect as their own roles, members of amtui_staff (README, admin section)"))
    else:
        found.append(Check(OK, f"amtui connects as {role}, not a superuser"))
    if not staff_role:
        found.append(Check(WARN, f"there is no {trust.STAFF_ROLE} role to grant staff what amtui needs",
                           f"CREATE ROLE {trust.STAFF_ROLE} NOLOGIN (README, admin section)"))
    found.append(Check(WARN, "where a server database's backups go is the admin's choice: amtui cannot see them",
                       "schedule amtui backup DIR daily (pg_dump), as the tables' owner"))
    return found
