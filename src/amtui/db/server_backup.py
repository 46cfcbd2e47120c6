"""Backups of a PostgreSQL database: ``pg_dump``, as the server's own tool, said plainly.

``amtui backup DIR`` on a ``postgresql://`` database runs ``pg_dump --format=custom`` into
``DIR/amtui-backup-<time>.dump``, inside a snapshot that amtui holds open meanwhile, so
the counts it reports and the audit head it writes in the manifest are those of the very
rows dumped. The copy is checked with ``pg_restore --list`` (the archive is whole and holds
the school's tables) before it takes its final name. Putting one back is the admin's,
with the server's tool: ``pg_restore --clean --if-exists --dbname URL FILE``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import peewee

from amtui.db.connection import DatabaseUnavailable, Target, database

SUFFIX = ".dump"
NEEDED = ("db_info", "pupil", "criterion_mark", "audit_entry")


def _program(name: str) -> str:
    found = shutil.which(name) or next((str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                                                                 reverse=True)), None)
    if found is None:
        raise DatabaseUnavailable(f"A server database is backed up with PostgreSQL's {name}, which is not "
                                  "installed here (Debian: apt-get install postgresql-client).")
    return found


def _run(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise DatabaseUnavailable(f"{Path(argv[0]).name} failed: {done.stderr.strip()[:500]}. Nothing was kept.")
    return done.stdout


def checked(path: Path) -> None:
    """Refuse a dump that ``pg_restore`` cannot list whole or that lacks the school's tables."""
    listing = _run([_program("pg_restore"), "--list", str(path)])
    missing = [name for name in NEEDED if f"TABLE DATA public {name} " not in listing]
    if missing:
        raise DatabaseUnavailable(f"{path.name} lacks the data of {', '.join(missing)}: it is not a whole backup.")


def dump(target: Target, partial: Path) -> tuple[int, int, int, tuple[int, str]]:
    """Dump the database into ``partial`` inside one snapshot; returns (schema version,
    pupils, marks, (newest audit id, its hash)) as of that snapshot."""
    db = database.obj
    if not isinstance(db, peewee.PostgresqlDatabase):
        raise DatabaseUnavailable("pg_dump backs up a PostgreSQL database only.")
    with db.atomic():
        db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = db.execute_sql("SELECT pg_export_snapshot()").fetchone()[0]
        version = int(db.execute_sql("SELECT value FROM db_info WHERE key = 'schema_version'").fetchone()[0])
        pupils = db.execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0]
        marks = db.execute_sql("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]
        head = db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        _run([_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={partial}",
              f"--dbname={target.url}"])
    return version, pupils, marks, (head[0], head[1]) if head else (0, "")
