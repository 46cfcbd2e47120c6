"""Row seals: rows of any table changed outside amtui are found, not only criterion marks.

The demo school is built once; each test works on its own copy of the file, edits it the
way a member of staff with a shell would (Python's sqlite3 module), and runs the real
``amtui audit verify`` command.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import peewee
import pytest

from amtui import cli
from amtui.db import seal
from amtui.db.audit_verify import Report, _seals
from amtui.db.connection import Target
from amtui.db.maintenance import archive_leaver, erase_pupil, restore_backup, take_backup
from amtui.db.models import Meeting, Pupil, SchoolClass, Staff, WeeklyLevel
from amtui.db.repo import meeting_saves, school as school_repo, staffing, targets, weekly
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.staff import identify
from amtui.db.startup import open_database
from amtui.domain.score_entry import school_week
from amtui.domain.codes import Code
from amtui.domain.roles import Role
from built_schools import demo_school

TODAY = dt.date(2026, 11, 22)
ADMIN = "swhitfield"  # the demo school's admin
HEAD = "mokafor"  # and its head (SLT)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    return demo_school(tmp_path_factory, TODAY, "demo-tester")[0]  # built once in the run


@pytest.fixture
def school(demo_file, tmp_path, monkeypatch, login_as) -> Path:
    """A copy of the demo school, open, with the admin at the keyboard."""
    monkeypatch.setenv("AMTUI_SYSLOG", "0")
    path = tmp_path / "school.db"
    shutil.copyfile(demo_file, path)
    opened = open_database(Target(str(path)))
    login_as(ADMIN)
    yield path
    opened.db.close()


def verify_command(path: Path, capsys) -> tuple[int, str]:
    """``amtui --db PATH audit verify``: (exit status, what it printed)."""
    status = cli.main(["--db", str(path), "audit", "verify"])
    printed = capsys.readouterr()
    return status, printed.out + printed.err


def shell(path: Path) -> sqlite3.Connection:
    """The file opened with Python's sqlite3 module, as a person with a shell would."""
    return sqlite3.connect(path, isolation_level=None)


EDITS = {
    "target": "UPDATE target SET text = 'Count to five' WHERE id = (SELECT MIN(id) FROM target)",
    "staff": f"UPDATE staff SET roles = 'admin;slt' WHERE username = '{HEAD}'",
    "weekly_result": "UPDATE weekly_result SET score = 25 WHERE id = (SELECT MIN(id) FROM weekly_result)",
    "school_setting": "INSERT INTO school_setting (key, value) VALUES ('retention_years', '1')",
    "meeting": "DELETE FROM meeting WHERE id = (SELECT MAX(id) FROM meeting WHERE status = 'done')",
}
"""A target made easier, a member of staff made admin, a weekly score raised, a setting
added, a finished meeting deleted."""


@pytest.mark.parametrize("table", sorted(EDITS))
def test_a_row_edited_with_the_triggers_dropped_is_found(school, capsys, table):
    assert verify_command(school, capsys)[0] == 0
    conn = shell(school)
    for action in seal.ACTIONS:
        conn.execute(f"DROP TRIGGER seal_{table}_{action}")
    assert conn.execute(EDITS[table]).rowcount == 1
    conn.close()
    status, printed = verify_command(school, capsys)
    assert status == 1
    assert f"Table {table} was changed outside amtui" in printed
    assert f"Trigger seal_{table}_update on table {table} is missing" in printed
    assert "Traceback" not in printed


@pytest.mark.parametrize("table", sorted(EDITS))
def test_an_edit_with_the_triggers_in_place_fails(school, table):
    before = school.read_bytes()
    conn = shell(school)
    with pytest.raises(sqlite3.OperationalError, match=f"no such function: {seal.FUNCTION}"):
        conn.execute(EDITS[table])
    conn.close()
    assert school.read_bytes() == before


def test_a_seal_rewritten_by_hand_is_found(school, capsys):
    """The careful way: triggers dropped, a row edited, its seal computed again and written."""
    conn = shell(school)
    conn.execute("DROP TRIGGER seal_staff_update")
    conn.execute(EDITS["staff"])
    conn.close()
    opened = open_database(Target(str(school)))
    forged = seal.computed_total(opened.db, "staff")
    conn = shell(school)
    conn.execute("UPDATE seal SET total = ? WHERE name = 'staff'", (forged,))
    conn.execute(triggers_of(opened.db, "staff")["seal_staff_update"])  # and the trigger put back
    conn.close()
    status, printed = verify_command(school, capsys)
    assert status == 1
    assert "The seals do not match the state recorded by the newest audit entry" in printed
    assert "Table staff" not in printed and "Trigger" not in printed


def triggers_of(db: peewee.Database, table: str) -> dict[str, str]:
    return seal.triggers_for(table, seal.columns(db, table))


def test_an_edit_through_a_function_of_the_same_name_is_found(school, capsys):
    """Someone who registers their own amtui_seal keeps the seals adding up, but the newest
    audit entry recorded the state before their edit."""
    conn = shell(school)
    seal.register_sqlite3(conn)
    conn.execute(EDITS["weekly_result"])
    conn.close()
    status, printed = verify_command(school, capsys)
    assert status == 1
    assert "The seals do not match the state recorded by the newest audit entry" in printed


def test_a_trigger_altered_or_added_is_found(school, capsys):
    conn = shell(school)
    conn.execute("DROP TRIGGER seal_target_delete")
    conn.execute("CREATE TRIGGER seal_target_delete AFTER DELETE ON target BEGIN SELECT 1; END")
    conn.execute("CREATE TRIGGER lift_scores AFTER INSERT ON weekly_result BEGIN "
                 "UPDATE weekly_result SET score = 25 WHERE id = NEW.id; END")
    conn.close()
    status, printed = verify_command(school, capsys)
    assert status == 1
    assert "Trigger seal_target_delete on table target was altered outside amtui" in printed
    assert "Trigger lift_scores on table weekly_result is not amtui's" in printed


def test_an_honest_day_of_use_verifies_clean(school, capsys, tmp_path):
    """Saves through the repositories, a setting saved twice (a REPLACE), a member of staff's
    roles, an erasure (rows deleted through the pupil's cascade), a backup and a restore."""
    head = identify(HEAD, TODAY)
    elm = SchoolClass.select().where(SchoolClass.name == "Elm").first()
    pupil = Pupil.select().where(Pupil.school_class == elm).order_by(Pupil.id).first().id
    half_term = school_repo.current_half_term(TODAY)
    save_codes(head, half_term, [CodeChange(pupil, 1, Code.CROSS)])
    targets.add_target(head, pupil, "personal", "Hand homework in on Mondays", aspect="homework")
    school_repo.save_setting(head, "school_name", "Oak Primary")
    school_repo.save_setting(head, "school_name", "Oak Primary School")
    staffing.change_roles(identify(ADMIN, TODAY), "jmarsh", frozenset({Role.TA, Role.MENTOR}))
    level = WeeklyLevel.select().order_by(WeeklyLevel.id).first()
    weekly.save_score(head, level.pupil_id, school_week(TODAY), 20, TODAY)
    meeting = Meeting.select().where(Meeting.status == "scheduled").order_by(Meeting.id).first()
    meeting_saves.set_step(head, meeting.id, 1)
    leaver = Pupil.select().where(Pupil.id != pupil).order_by(Pupil.id.desc()).first()
    archive_leaver(leaver.upn, dt.date(2019, 7, 19), ADMIN)
    erase_pupil(leaver.upn, ADMIN, today=TODAY)
    status, printed = verify_command(school, capsys)
    assert status == 0, printed
    backup = take_backup(Target(str(school)), tmp_path / "backups", ADMIN)
    targets.add_target(head, pupil, "personal", "Bring the PE kit", aspect="pe_kit")
    restore_backup(Target(str(school)), backup.path, ADMIN)
    status, printed = verify_command(school, capsys)
    assert status == 0, printed
    assert "the audit trail is whole" in printed and "tables match their seals" in printed


def test_a_change_after_its_entry_in_the_same_transaction_is_sealed_and_one_without_is_found(school):
    """The entry records the seals as they are at commit, whatever the order inside the
    transaction; a write with no entry at all is what verify reports."""
    from amtui.db.audit import audit
    from amtui.db.audit_verify import verify
    from amtui.db.connection import database, write
    from amtui.db.models import SchoolSetting

    def entry_first() -> None:
        audit(ADMIN, "setting.change", "setting", "school_name", value="Elm Primary")
        SchoolSetting.replace(key="school_name", value="Elm Primary").execute()

    write(entry_first)
    assert verify(database.obj).problems == []
    write(lambda: SchoolSetting.replace(key="school_name", value="Ash Primary").execute())
    assert verify(database.obj).problems == [
        "The seals do not match the state recorded by the newest audit entry: they were rewritten outside amtui, "
        "or rows were changed by a program that kept them up to date."]


def test_a_backup_from_before_row_seals_is_restored_sealed(school, tmp_path):
    """A backup taken by an older amtui: restored, upgraded at once, sealed and audited."""
    from amtui.db.audit_verify import verify
    from amtui.db.connection import database

    old = tmp_path / "amtui-backup-20250101-120000.db"
    shutil.copyfile(Path(__file__).parents[2] / "data" / "school-v1.sqlite", old)
    restore_backup(Target(str(school)), old, ADMIN)
    actions = [a for (a,) in database.obj.execute_sql("SELECT action FROM audit_entry ORDER BY id")]
    assert actions[-3:] == ["audit.chain", "schema.upgrade", "backup.restore"]
    assert verify(database.obj).problems == []


def test_doctor_reports_a_tampered_table(school, capsys):
    from amtui.doctor import checks, run

    assert "tables match their seals" in run._check_audit_chain(Target(str(school))).what
    conn = shell(school)
    conn.execute("DROP TRIGGER seal_school_setting_insert")
    conn.execute(EDITS["school_setting"])
    conn.close()
    found = run._check_audit_chain(Target(str(school)))
    assert found.status == checks.UNSAFE
    assert "Table school_setting was changed outside amtui" in found.what
    assert cli.main(["--db", str(school), "doctor"]) == 1  # the command itself says it too
    assert "Table school_setting was changed outside amtui" in capsys.readouterr().out


def test_a_database_neither_sqlite_nor_postgresql_is_told_that_seals_are_checked_on_sqlite_only():
    report = Report()
    _seals(peewee.MySQLDatabase("school"), report)  # PostgreSQL's guards: tests/unit/db/test_postgres.py
    assert report.problems == [] and "Row seals are checked on SQLite only" in report.notes[0]


def test_the_running_total_is_the_sum_of_the_rows(school):
    """What the triggers keep, step by step, is what verify computes from the rows at once."""
    opened = open_database(Target(str(school)))
    stored = seal.stored_totals(opened.db)
    assert stored == {table: seal.computed_total(opened.db, table) for table in seal.governed(opened.db)}
    assert "audit_entry" not in stored and "criterion_mark" not in stored and "staff" in stored
    total = seal.step(seal.ZERO, None, "a")
    assert seal.step(seal.step(total, None, "b"), "a", None) == seal.step(seal.ZERO, None, "b")
    assert Staff.select().count() > 0 and stored["staff"] != seal.ZERO
