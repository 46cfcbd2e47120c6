"""The audit trail is tamper-evident, an erasure leaves nothing of the pupil, and a
subject access export holds everything about them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from amtui import cli
from amtui.db import chain
from amtui.db.audit_verify import verify
from amtui.db.connection import Target, write
from amtui.db.erasure import fingerprint
from amtui.db.maintenance import archive_leaver, erase_pupil, manifest_of, take_backup
from amtui.db.models import AuditEntry, Criterion, Pupil, Staff
from amtui.db.repo import events, school as school_repo
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.pupil_history import pupil_audit
from amtui.db.repo.staff import identify
from amtui.db.startup import open_database
from amtui.domain.codes import Code

from pupil_school import build

SANCTION = "Threw a chair at Mr Quimby in the dinner hall"
ZOE = "X011000000001"


@pytest.fixture
def school(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_SYSLOG", "0")
    made, _ = build(tmp_path / "school.db")
    write(lambda: Staff.create(username="admin1", name="Ann Admin", roles="admin"))
    tester = identify("tester")
    zoe, adam = made.pupils["Zoë O'Neill"], made.pupils["Adam Ash"]
    events.log_event(tester, zoe, "sanction", SANCTION)
    events.log_event(tester, adam, "reward", "Kind to a new pupil")
    criterion = Criterion.get(Criterion.ref == "M2/10").id
    ht1 = school_repo.half_term(made.start_year, 1)
    save_codes(tester, ht1, [CodeChange(zoe, criterion, Code("/")), CodeChange(adam, criterion, Code("X"))])
    made.path = tmp_path / "school.db"
    return made


def problems(school) -> list[str]:
    return verify(school.opened.db).problems


def raw(school):
    return sqlite3.connect(school.path)


def test_a_whole_trail_verifies_and_names_its_pupils(school):
    assert problems(school) == []
    zoe = school.pupils["Zoë O'Neill"]
    # One code entry per pupil, so each pupil's Audit tab reads by the link alone.
    assert {e.action for e in AuditEntry.select().where(AuditEntry.pupil == zoe)} == {"event.log", "mark.set"}
    assert [a.detail for a in pupil_audit(zoe) if a.action == "mark.set"] == ["M2/10 / (grid)"]


def test_a_mark_changed_with_sqlite_is_found(school):
    with raw(school) as conn:
        conn.execute("UPDATE criterion_mark SET code = 'X' WHERE id = (SELECT MAX(id) FROM criterion_mark "
                     "WHERE code = '/')")
    found = problems(school)
    assert len(found) == 1 and "Criterion marks" in found[0] and "changed or removed" in found[0]


def test_an_audit_entry_changed_with_sqlite_is_found(school):
    entry = AuditEntry.get(AuditEntry.action == "event.log")
    with raw(school) as conn:
        conn.execute("UPDATE audit_entry SET login = 'jsmith' WHERE id = ?", (entry.id,))
    found = problems(school)
    assert found == [f"entry {entry.id} ({entry.at}, jsmith: event.log) was changed after it was written."]


def test_a_deleted_entry_in_the_middle_is_found(school):
    entry = AuditEntry.get(AuditEntry.action == "event.log")
    with raw(school) as conn:
        conn.execute("DELETE FROM audit_entry WHERE id = ?", (entry.id,))
    assert any(f"Entries {entry.id}-{entry.id} are missing" in p for p in problems(school))


def test_a_deleted_last_entry_is_found_and_against_the_syslog_record(school, tmp_path):
    last_id, last_hash, _ = chain.head(school.opened.db)
    with raw(school) as conn:
        conn.execute("DELETE FROM audit_entry WHERE id = ?", (last_id,))
    assert any("missing at the end" in p for p in problems(school))
    # Even with SQLite's own count of ids reset, the hash kept outside the file shows it.
    with raw(school) as conn:
        conn.execute("UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'audit_entry'")
    assert problems(school) == []
    found = verify(school.opened.db, (last_id, last_hash)).problems
    assert found == [f"Entries {last_id}-{last_id} are missing at the end: entry {last_id} was recorded "
                     "outside the file but is not in it."]


def test_marks_added_outside_amtui_are_found(school):
    with raw(school) as conn:
        conn.execute("INSERT INTO criterion_mark (pupil_id, criterion_id, half_term_id, code, recorded_at, "
                     "source) SELECT pupil_id, criterion_id, half_term_id, 'X', recorded_at, source "
                     "FROM criterion_mark LIMIT 1")
    assert any("are in no audit entry" in p for p in problems(school))


def test_verify_on_the_command_line(school, login_as, capsys, tmp_path):
    login_as("admin1")
    db = str(school.path)
    backup = take_backup(Target(db), tmp_path / "backups", "admin1")
    manifest = json.loads(manifest_of(backup.path).read_text())
    assert manifest["audit_id"] > 0 and len(manifest["audit_hash"]) == 64
    assert cli.main(["--db", db, "audit", "verify", "--from-backup", str(manifest_of(backup.path))]) == 0
    assert "the audit trail is whole" in capsys.readouterr().out
    with raw(school) as conn:
        conn.execute("DELETE FROM audit_entry WHERE id >= ?", (manifest["audit_id"],))
        conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_entry'", (manifest["audit_id"] - 1,))
    assert cli.main(["--db", db, "audit", "verify", "--expect",
                     f"{manifest['audit_id']}:{manifest['audit_hash']}"]) == 1
    err = capsys.readouterr().err
    assert "missing at the end" in err and "Traceback" not in err
    assert cli.main(["--db", db, "audit", "verify", "--expect", "12:nothex"]) == 1
    assert "is not ID:HASH" in capsys.readouterr().err


def erase_zoe(school) -> None:
    archive_leaver(ZOE, dt.date(2018, 7, 20), "admin1")
    erase_pupil(ZOE, "admin1", today=dt.date(2025, 1, 1))


def test_an_erased_pupil_leaves_nothing_in_the_file(school):
    erase_zoe(school)
    school.opened.db.close()
    files = [school.path, school.path.with_name(school.path.name + "-journal")]
    data = b"".join(p.read_bytes() for p in files if p.exists())
    for text in ("Zoë", "O'Neill", "O''Neill", ZOE, SANCTION, "Hand homework in on Fridays"):
        assert text.encode("utf-8") not in data, text
    assert "Adam".encode() in data  # the rest of the school is still there


def test_after_an_erasure_the_trail_verifies_and_a_new_pupil_sees_nothing(school):
    zoe = school.pupils["Zoë O'Neill"]
    before_id, before_hash, _ = chain.head(school.opened.db)
    erase_zoe(school)
    reopened = open_database(Target(str(school.path)))
    assert verify(reopened.db).problems == []
    # A hash recorded outside the file before the erasure: explained, not a failure.
    report = verify(reopened.db, (before_id, before_hash))
    assert report.problems == [] and "rewrote the chain" in report.notes[0]
    entry = AuditEntry.get(AuditEntry.action == "pupil.erase")
    assert json.loads(entry.detail)["upn_fingerprint"] == fingerprint(ZOE) and entry.login == "admin1"
    newcomer = write(lambda: Pupil.create(upn="M033000000001", forename="Nia", surname="New", year_group=4))
    assert newcomer.id > zoe
    assert pupil_audit(newcomer.id) == []


def test_a_subject_access_export_holds_everything_about_the_pupil(school, login_as, capsys, tmp_path_factory):
    login_as("admin1")
    out = tmp_path_factory.mktemp("requests") / "zoe.json"  # never beside the database
    assert cli.main(["--db", str(school.path), "export", "pupil", ZOE.lower(), "--out", str(out)]) == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["pupil"]["surname"] == "O'Neill"
    records = bundle["records"]
    assert SANCTION in [e["text"] for e in records["record_event"]]
    assert "Kind to a new pupil" not in out.read_text(encoding="utf-8")  # Adam's, not hers
    for table in ("criterion_mark", "target", "attitude_record", "meeting", "working_stage", "baseline"):
        assert records[table], table
    assert {e["action"] for e in bundle["audit"]} >= {"event.log", "mark.set"}
    assert AuditEntry.select().where(AuditEntry.action == "pupil.export").count() == 1
    login_as("tester")
    assert cli.main(["--db", str(school.path), "export", "pupil", ZOE]) == 1
    assert "Only Admin may export everything held about a pupil" in capsys.readouterr().err


def test_the_newest_hash_goes_to_syslog_after_the_save(school, monkeypatch, tmp_path_factory):
    from amtui.db import anchor

    bin_dir = tmp_path_factory.mktemp("bin")
    said = bin_dir / "said"
    fake = bin_dir / "logger"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {said}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("AMTUI_SYSLOG", "1")
    monkeypatch.setattr(anchor, "DELAY_S", 0.0)
    events.log_event(identify("tester"), school.pupils["Adam Ash"], "reward", "Tidied the library")
    entry_id, digest, _ = chain.head(school.opened.db)
    if anchor._timer is not None:
        anchor._timer.cancel()
    anchor.flush()
    import time

    for _ in range(50):
        if said.exists():
            break
        time.sleep(0.05)
    assert said.read_text().split()[:4] == ["-t", "amtui", "audit", "head"]
    assert f"{entry_id}:{digest}" in said.read_text()


def test_an_erasure_that_could_not_compact_says_so_and_is_finished_later(school, monkeypatch):
    from amtui.db import erasure

    monkeypatch.setattr(erasure, "compact", lambda: False)
    archive_leaver(ZOE, dt.date(2018, 7, 20), "admin1")
    said = erase_pupil(ZOE, "admin1", today=dt.date(2025, 1, 1))
    assert "could not be compacted" in said and f"amtui erase {ZOE}" in said
    monkeypatch.undo()
    assert erase_pupil(ZOE.lower(), "admin1") == f"{ZOE} was erased before; the file is now compacted."
    with pytest.raises(ValueError, match="There is no pupil"):
        erase_pupil("F269999999999", "admin1")


def test_the_school_trail_finds_a_pupils_entries_by_upn(school):
    from amtui.db.repo.audit_trail import school_audit

    found = school_audit(ZOE.lower())
    assert {a.action for a in found} == {"event.log", "mark.set"}


def test_the_trails_name_the_person_and_the_subject_not_a_login_and_a_number(school):
    from amtui.db.audit import audit
    from amtui.db.models import Subject
    from amtui.db.repo.audit_trail import school_audit

    zoe = school.pupils["Zoë O'Neill"]
    maths = Subject.get(Subject.name == "Maths")
    write(lambda: audit("admin1", "stage.move", "pupil", zoe, subject=maths.id, stage=3))
    newest = school_audit("stage.move")[0]
    assert (newest.login, newest.detail) == ("Ann Admin", "subject Maths; stage 3")
    assert [a.detail for a in pupil_audit(zoe) if a.action == "stage.move"] == ["subject Maths; stage 3"]
    assert school_audit("admin1")[0].login == "Ann Admin"  # still found by the login
