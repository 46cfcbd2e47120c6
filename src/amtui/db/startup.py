"""Opening a school's database at start-up: checks first, clear messages, no tracebacks."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from amtui.db import connection, migrations, notify
from amtui.db.connection import DatabaseUnavailable, Target

SQLITE_HEADER = b"SQLite format 3\x00"

UNSAFE_MOUNT_OPTIONS = {
    "nobrl": "CIFS mounted with 'nobrl' sends no byte-range locks to the server",
    "nolock": "NFS mounted with 'nolock' keeps locks on this machine only",
    "local_lock=all": "NFS with 'local_lock=all' keeps locks on this machine only",
}


@dataclass
class Opened:
    """An open database and what the user should be told about it."""

    db: peewee.Database
    target: Target
    warnings: list[str] = field(default_factory=list)
    created: bool = False


def mount_of(path: Path, mounts_file: Path = Path("/proc/mounts")) -> tuple[str, str, str] | None:
    """(mount point, filesystem type, options) of the mount holding ``path``, if known."""
    try:
        lines = mounts_file.read_text().splitlines()
    except OSError:
        return None
    best: tuple[str, str, str] | None = None
    resolved = str(path.resolve())
    for line in lines:
        parts = line.split()
        if len(parts) < 4:
            continue
        point = parts[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, parts[2], parts[3])
    return best


def mount_warnings(path: Path, mounts_file: Path = Path("/proc/mounts")) -> list[str]:
    """Warnings for a database file on a mount whose locking is switched off."""
    found = mount_of(path, mounts_file)
    if not found:
        return []
    point, fstype, options = found
    opts = set(options.split(","))
    return [
        f"The database is on {point} ({fstype}): {why}. SQLite can corrupt the file "
        "silently when several people write at once; ask your admin to remount without it."
        for opt, why in UNSAFE_MOUNT_OPTIONS.items()
        if opt in opts
    ]


def _refuse_non_database(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseUnavailable(f"Cannot read the database {path}: {error.strerror}.") from error
    if header and header != SQLITE_HEADER:
        raise DatabaseUnavailable(
            f"{path} is not an amtui database (it is not a SQLite file). Nothing was changed; "
            "check --db or AMTUI_DB."
        )


def open_database(target: Target, create: bool = False) -> Opened:
    """Open, check and (if needed) upgrade the database; bind the models to it.

    Without ``create`` a missing SQLite file is an error, so a mistyped path never
    silently starts an empty school.
    """
    warnings: list[str] = []
    path = target.path
    if path is not None:
        if not path.exists():
            if not create:
                raise DatabaseUnavailable(
                    f"There is no database at {path}. Create your school with 'amtui init --school "
                    "\"NAME\"', or the demo school with 'amtui demo', or point --db / AMTUI_DB at your "
                    "school's file."
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            # Pupil records are personal data: the service account's alone on a school server;
            # else the owner's and their group's (the umask would otherwise take the group's write).
            from amtui.outputs import database_mode

            fd = os.open(path, os.O_CREAT | os.O_WRONLY, database_mode())
            os.fchmod(fd, database_mode())
            os.close(fd)
        else:
            _refuse_non_database(path)
        warnings += mount_warnings(path)
    db = connection.bind(connection.make_database(target))
    try:
        db.connect(reuse_if_open=True)
        if path is not None:
            # Cheap: the header was checked above, and this reads and parses the schema.
            # The whole-file check (integrity_check) runs in backups and 'amtui doctor'.
            db.execute_sql("PRAGMA schema_version").fetchone()
        created = migrations.current_version(db) == 0
        connection.retrying(lambda: migrations.upgrade(db))
    except (migrations.NewerSchema, migrations.UpgradeFailed) as error:
        db.close()
        raise DatabaseUnavailable(str(error)) from error
    except peewee.DatabaseError as error:
        db.close()
        raise DatabaseUnavailable(f"Cannot use the database {target.url}: {error}.") from error
    if target.school and not create:
        from amtui.db import trust

        refused = trust.refused_choice(db, target.school)
        if refused:
            db.close()
            raise DatabaseUnavailable(refused)
    notify.announce_commits()  # a server's listening sessions hear of every save
    return Opened(db=db, target=target, warnings=warnings, created=created)
