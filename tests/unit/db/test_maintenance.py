"""Backups while others write, restores that check first, and a leaver archived then erased."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
import threading

import pytest

from amtui import cli
from amtui.db.connection import DatabaseUnavailable, write
from amtui.db.erasure import fingerprint
from amtui.db.maintenance import (
    archive_leaver, backups_in, check_backup, erase_pupil, restore_backup, take_backup,
)
from amtui.db.models import (
    AuditEntry, CriteriaBank, Criterion, CriterionMark, HalfTerm, Pupil, SchoolClass, Staff, Subject,
)
from amtui.db.repo.school import ensure_year


@pytest.fixture
def school(opened):
    def fill():
        year = ensure_year(2026)
        Staff.create(username="admin1", name="Ann Admin", roles="admin")
        klass = SchoolClass.create(name="Elm", year_group=4, academic_year=year)
        maths = Subject.create(name="Maths", code="M")
        bank = CriteriaBank.create(subject=maths, stage=2)
        for n in range(1, 6):
            Criterion.create(bank=bank, subject=maths, number=n, ref=f"M2/{n}", text=f"criterion {n}")
        pupil = Pupil.create(upn="A123456789012", forename="Zoë", surname="O'Neill", year_group=4,
                             school_class=klass)
        ht1 = HalfTerm.get(HalfTerm.number == 1)
        for criterion in Criterion.select():
            CriterionMark.create(pupil=pupil, criterion=criterion, half_term=ht1, code="X")

    write(fill)
    return opened


def add_marks(count: int, start: int = 0) -> None:
    pupil, ht = Pupil.get(), HalfTerm.get(HalfTerm.number == 2)
    criterion = Criterion.get(Criterion.number == 1)
    for n in range(count):
        write(lambda: CriterionMark.create(pupil=pupil, criterion=criterion, half_term=ht, code="/"))


@pytest.mark.sqlite_only  # copies of the SQLite file (pg_dump's: test_postgres.py)
def test_a_backup_taken_while_others_write_is_whole_and_private(school, tmp_path):
    stop = threading.Event()

    def busy_teacher():
        while not stop.is_set():
            add_marks(1)

    writer = threading.Thread(target=busy_teacher)
    writer.start()
    try:
        info = take_backup(school.target, tmp_path / "backups", "admin1")
    finally:
        stop.set()
        writer.join()
    assert info.pupils == 1 and info.marks >= 5
    assert check_backup(info.path).marks == info.marks  # integrity_check passed on the copy
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o660
    assert not list((tmp_path / "backups").glob(".*part"))
    assert AuditEntry.get(AuditEntry.action == "backup.take").login == "admin1"


@pytest.mark.sqlite_only  # copies of the SQLite file (pg_dump's: test_postgres.py)
def test_backups_rotate_keeping_the_newest(school, tmp_path):
    from amtui.db.repo.school import save_setting
    from amtui.db.repo.staff import CurrentUser
    from amtui.domain.roles import Role

    save_setting(CurrentUser("admin1", None, "Ann Admin", frozenset({Role.ADMIN})), "backup_keep", "3")
    for hour in range(5):
        take_backup(school.target, tmp_path, "admin1", now=dt.datetime(2026, 11, 22, 9 + hour))
    assert [p.name for p in backups_in(tmp_path)] == [
        f"amtui-backup-20261122-{h:02d}0000.db" for h in (11, 12, 13)
    ]


@pytest.mark.sqlite_only  # copies of the SQLite file (pg_dump's: test_postgres.py)
def test_restore_checks_keeps_a_safety_copy_and_puts_the_backup_back(school, tmp_path):
    info = take_backup(school.target, tmp_path, "admin1")
    add_marks(3)  # work done after the backup
    assert CriterionMark.select().count() == 8
    safety, restored = restore_backup(school.target, info.path, "admin1")
    assert CriterionMark.select().count() == 5
    assert check_backup(safety.path).marks == 8  # nothing is lost: the later state is kept
    assert restored.marks == 5


@pytest.mark.sqlite_only  # copies of the SQLite file (pg_dump's: test_postgres.py)
def test_restore_refuses_what_is_not_a_good_backup(school, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = CriterionMark.select().count()
    with pytest.raises(DatabaseUnavailable, match="not an amtui backup"):
        restore_backup(school.target, text, "admin1")
    with pytest.raises(DatabaseUnavailable, match="not an amtui database"):
        restore_backup(school.target, other, "admin1")
    assert CriterionMark.select().count() == before


def test_a_leaver_is_archived_then_erased_only_after_the_retention_period(school):
    archive_leaver("a123456789012", dt.date(2019, 7, 20), "admin1")
    pupil = Pupil.get()
    assert pupil.left_on == dt.date(2019, 7, 20) and pupil.school_class is None
    with pytest.raises(ValueError, match="kept until 20/07/2025"):
        erase_pupil("A123456789012", "admin1", today=dt.date(2025, 7, 19))
    assert erase_pupil("A123456789012", "admin1", today=dt.date(2025, 7, 20)).startswith("Every record")
    assert Pupil.select().count() == 0 and CriterionMark.select().count() == 0
    entry = AuditEntry.get(AuditEntry.action == "pupil.erase")
    # Not even the UPN is kept: a fingerprint of it, so an erasure can still be confirmed.
    assert fingerprint("A123456789012") in entry.detail
    assert "A123456789012" not in entry.detail and "Zo" not in entry.detail


def test_a_pupil_on_roll_cannot_be_erased(school):
    with pytest.raises(ValueError, match="archive them as a leaver first"):
        erase_pupil("A123456789012", "admin1")


def test_only_the_admin_backs_up(school, db_target, login_as, capsys, tmp_path):
    write(lambda: Staff.create(username="teach1", name="Tom Teach", roles="teacher"))
    login_as("teach1")
    assert cli.main(["--db", db_target.url, "backup", str(tmp_path / "b")]) == 1
    assert "Only Admin may back up or restore the database" in capsys.readouterr().err
    login_as("admin1")
    assert cli.main(["--db", db_target.url, "backup", str(tmp_path / "b")]) == 0
    assert len(backups_in(tmp_path / "b", ".db" if db_target.path else ".dump")) == 1
