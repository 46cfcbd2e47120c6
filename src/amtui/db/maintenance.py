"""Backups, restores, and a leaver's records: archive, then erase when retention ends.

Backups use SQLite's online backup API, so a copy is consistent even while staff are
saving marks; a copy is written beside its final name and renamed only once checked,
so a backup that stopped half-way never looks like a good one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from amtui.db import migrations, server_backup
from amtui.db.audit import audit
from amtui.db.connection import DatabaseUnavailable, Target, database, read, retrying, write
from amtui.db.erasure import erase_pupil  # noqa: F401  (re-exported: leavers live here)
from amtui.db.models import Pupil
from amtui.db.repo import membership
from amtui.db.repo.school import load_settings
from amtui.db.startup import SQLITE_HEADER
from amtui.outputs import prepare_backup_folder

PREFIX = "amtui-backup-"


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup holds."""

    path: Path
    schema_version: int
    pupils: int
    marks: int

    def __str__(self) -> str:
        return (f"{self.path.name}: schema version {self.schema_version}, {self.pupils} pupils, "
                f"{self.marks} criterion marks")


def _sqlite_path(target: Target) -> Path:
    if target.path is None:
        raise DatabaseUnavailable("That is for a SQLite file. A server database is checked and put back with "
                                  "the server's own tools: pg_restore --clean --if-exists --dbname URL FILE "
                                  "(README, admin section).")
    return target.path


def _private_file(path: Path, mode: int = 0o660) -> None:
    """Create ``path`` readable by its owner (and group, for shared admins) only: personal data.

    Made afresh: another admin's file of that name (a backup in the same second) is
    replaced, not reused, since only its owner could set its mode."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    os.fchmod(fd, mode)
    os.close(fd)


def check_backup(path: Path) -> BackupInfo:
    """Refuse anything that is not a whole, readable amtui database this amtui can open."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise DatabaseUnavailable(f"{path} is not an amtui backup (not a SQLite file).")
    except OSError as error:
        raise DatabaseUnavailable(f"Cannot read {path}: {error.strerror}.") from error
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise DatabaseUnavailable(f"{path} is damaged ({result}); it cannot be restored.")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"db_info", "pupil", "criterion_mark"} <= tables:
                raise DatabaseUnavailable(f"{path} is a SQLite file but not an amtui database.")
            row = conn.execute("SELECT value FROM db_info WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            pupils = conn.execute("SELECT COUNT(*) FROM pupil").fetchone()[0]
            marks = conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise DatabaseUnavailable(f"{path} cannot be read as a database ({error}).") from error
    if version > migrations.LATEST:
        raise DatabaseUnavailable(f"{path} was made by a newer amtui (schema {version}); upgrade amtui first.")
    return BackupInfo(path, version, pupils, marks)


def _copy(source: Path, destination: Path) -> None:
    """A consistent copy through SQLite's online backup API (others may be writing)."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(destination, timeout=30) as dst:
        src.backup(dst, pages=256)
    # The context managers only end transactions; close explicitly for the rename.
    src.close()
    dst.close()


def manifest_of(backup: Path) -> Path:
    """Where a backup's manifest is: ``<backup>.manifest.json`` beside it."""
    return backup.with_name(backup.name + ".manifest.json")


def write_manifest(backup: Path, head: tuple[int, str] | None = None) -> Path:
    """Record the backup's newest audit entry (id and hash) beside it, outside the file,
    so ``amtui audit verify --from-backup`` can tell if the live trail is later cut short.
    ``head``: that entry, when the backup is not a SQLite file to read it from (a dump)."""
    if head is None:
        with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        conn.close()
        head = (row[0], row[1]) if row else (0, "")
    path = manifest_of(backup)
    _private_file(path)
    os.chmod(path, stat.S_IMODE(backup.stat().st_mode))  # whoever may read the backup
    path.write_text(json.dumps({"backup": backup.name, "audit_id": head[0], "audit_hash": head[1],
                                "taken_at": dt.datetime.now().isoformat(timespec="seconds")}, indent=1) + "\n",
                    encoding="utf-8")
    return path


def full_check(target: Target) -> str:
    """Read the whole file with SQLite's ``integrity_check``: "ok", or what is wrong.

    Too slow for every start (it reads every page); backups run it on each copy, and
    ``amtui doctor`` calls this on the live file."""
    path = _sqlite_path(target)
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as conn:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        conn.close()
    except sqlite3.DatabaseError as error:
        return f"cannot be read ({error})"
    return "ok" if found == ["ok"] else "; ".join(found[:5])


def backups_in(folder: Path, suffix: str = ".db") -> list[Path]:
    """The backups in a folder, oldest first (their names sort by time); a server
    database's are ``.dump`` files."""
    return sorted(folder.glob(f"{PREFIX}*{suffix}"))


def take_backup(target: Target, folder: Path | None, login: str, now: dt.datetime | None = None) -> BackupInfo:
    """Copy the live database into ``folder`` (default: ``backups`` beside it), check the
    copy, and keep only the newest ``backup_keep`` (a setting). A server database is
    dumped with ``pg_dump`` into the folder given (``amtui.db.server_backup``)."""
    server = target.path is None
    if server and folder is None:
        raise DatabaseUnavailable("A server database is backed up into the folder you name: amtui backup DIR.")
    folder = folder or target.path.parent / "backups"
    file_mode = prepare_backup_folder(folder, folder.parent if server else target.path)
    suffix = server_backup.SUFFIX if server else ".db"
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    final = folder / f"{PREFIX}{stamp}{suffix}"
    partial = folder / f".{final.name}.part"
    _private_file(partial, file_mode)
    head = None
    try:
        if server:
            version, pupils, marks, head = server_backup.dump(target, partial)
            server_backup.checked(partial)
            info = BackupInfo(final, version, pupils, marks)
        else:
            _copy(target.path, partial)
            info = check_backup(partial)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    write_manifest(final, head)
    keep = load_settings().backup_keep
    for old in backups_in(folder, suffix)[:-keep]:
        old.unlink()
        manifest_of(old).unlink(missing_ok=True)
    write(lambda: audit(login, "backup.take", "file", final.name, pupils=info.pupils))
    return BackupInfo(final, info.schema_version, info.pupils, info.marks)


def restore_backup(target: Target, backup: Path, login: str) -> tuple[BackupInfo, BackupInfo]:
    """Put a checked backup back, after taking a safety backup of what is there now.

    Returns (the safety copy, the restored backup). Other sessions see the restored
    records from their next read: the copy goes through SQLite's locking.
    """
    live = _sqlite_path(target)
    info = check_backup(backup)
    safety = take_backup(target, live.parent / "backups", login)
    _copy(backup, live)
    # A backup from an older amtui is brought up to date at once (audited, its row seals
    # made), as its next start would, so this entry is written to the schema it expects.
    retrying(lambda: migrations.upgrade(database.obj))
    write(lambda: audit(login, "backup.restore", "file", backup.name, safety=safety.path.name))
    return safety, info


# --- leavers -----------------------------------------------------------------------------------


def _pupil(upn: str) -> Pupil:
    pupil = read(lambda: Pupil.get_or_none(Pupil.upn == upn.strip().upper()))
    if pupil is None:
        raise ValueError(f"There is no pupil with UPN {upn}.")
    return pupil


def archive_leaver(upn: str, left_on: dt.date, login: str) -> str:
    """Mark a pupil as left: off class lists and figures, records kept until erased."""
    pupil = _pupil(upn)

    def change() -> None:
        Pupil.update(left_on=left_on, school_class=None).where(Pupil.id == pupil.id).execute()
        membership.end_on(pupil.id, left_on)  # last year's classes keep them; this one from that day
        audit(login, "pupil.archive", "pupil", pupil.id, upn=pupil.upn, left_on=left_on)

    write(change)
    return f"{pupil.forename} {pupil.surname} ({pupil.upn}) archived as a leaver from {left_on:%d/%m/%Y}."
