"""Backups, restores, and a leaver's records: archive, then erase when retention ends.

Backups use SQLite's online backup API, so a copy is consistent even while staff are
saving marks; a copy is written beside its final name and renamed only once checked,
so a backup that stopped half-way never looks like a good one.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from amtui.db import migrations
from amtui.db.audit import audit
from amtui.db.connection import DatabaseUnavailable, Target, read, write
from amtui.db.models import Pupil
from amtui.db.repo.school import load_settings
from amtui.db.startup import SQLITE_HEADER

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
        raise DatabaseUnavailable("Backups here are for a SQLite file; back a server database up with its own tools.")
    return target.path


def _private_file(path: Path) -> None:
    """Create ``path`` readable by its owner and group only (pupil data is personal data)."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o660)
    os.fchmod(fd, 0o660)
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


def backups_in(folder: Path) -> list[Path]:
    """The backups in a folder, oldest first (their names sort by time)."""
    return sorted(folder.glob(f"{PREFIX}*.db"))


def take_backup(target: Target, folder: Path | None, login: str, now: dt.datetime | None = None) -> BackupInfo:
    """Copy the live database into ``folder`` (default: ``backups`` beside it), check the
    copy, and keep only the newest ``backup_keep`` (a setting)."""
    source = _sqlite_path(target)
    folder = folder or source.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    final = folder / f"{PREFIX}{stamp}.db"
    partial = folder / f".{final.name}.part"
    _private_file(partial)
    try:
        _copy(source, partial)
        info = check_backup(partial)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    keep = load_settings().backup_keep
    for old in backups_in(folder)[:-keep]:
        old.unlink()
    write(lambda: audit(login, "backup.take", "file", final.name, pupils=info.pupils))
    return BackupInfo(final, info.schema_version, info.pupils, info.marks)


def restore_backup(target: Target, backup: Path, login: str) -> tuple[BackupInfo, BackupInfo]:
    """Put a checked backup back, after taking a safety backup of what is there now.

    Returns (the safety copy, the restored backup). Other sessions see the restored
    records from their next read: the copy goes through SQLite's locking.
    """
    info = check_backup(backup)
    live = _sqlite_path(target)
    safety = take_backup(target, live.parent / "backups", login)
    _copy(backup, live)
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
        audit(login, "pupil.archive", "pupil", pupil.id, upn=pupil.upn, left_on=left_on)

    write(change)
    return f"{pupil.forename} {pupil.surname} ({pupil.upn}) archived as a leaver from {left_on:%d/%m/%Y}."


def erase_pupil(upn: str, login: str, today: dt.date | None = None) -> str:
    """Erase every record of a leaver whose retention period has ended (audited by UPN only)."""
    pupil = _pupil(upn)
    today = today or dt.date.today()
    years = load_settings().retention_years
    if pupil.left_on is None:
        raise ValueError(f"{pupil.upn} is on roll: archive them as a leaver first (amtui archive).")
    ends = pupil.left_on.replace(year=pupil.left_on.year + years)
    if today < ends:
        raise ValueError(f"{pupil.upn}'s records must be kept until {ends:%d/%m/%Y} "
                         f"({years} years after leaving, a school setting).")

    def change() -> None:
        # Every table that holds the pupil's records cascades from the pupil row.
        Pupil.delete().where(Pupil.id == pupil.id).execute()
        audit(login, "pupil.erase", "pupil", pupil.id, upn=pupil.upn, left_on=pupil.left_on)

    write(change)
    return f"Every record of {pupil.upn} was erased."
