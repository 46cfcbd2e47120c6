"""The schema grows by steps: a school's file from amtui 0.1.0 upgrades to exactly the
schema of a fresh install, keeps every row, and exports the same figures."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sqlite3
from pathlib import Path

import peewee
import pytest

from amtui.db import migrations, seal
from amtui.db.connection import DatabaseUnavailable, Target, bind, write
from amtui.db.migrations import Step
from amtui.db.models import ALL_MODELS, Pupil
from amtui.db.startup import open_database

DATA = Path(__file__).parents[2] / "data"


def normalised(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


def schema(path: Path) -> dict[str, object]:
    """Everything about a file's schema: its SQL, and SQLite's view of each table."""
    with sqlite3.connect(path) as conn:
        master = sorted((kind, name, table, normalised(sql or "")) for kind, name, table, sql in
                        conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        tables = [name for kind, name, _, _ in master if kind == "table"]
        per_table = {name: (conn.execute(f'PRAGMA table_info("{name}")').fetchall(),
                            sorted(row[1:] for row in conn.execute(f'PRAGMA index_list("{name}")')),
                            conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall())
                     for name in tables}
    conn.close()
    return {"master": master, "tables": per_table}


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        found = {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    conn.close()
    return found


def fresh(tmp_path: Path) -> Path:
    path = tmp_path / "fresh.db"
    open_database(Target(str(path)), create=True).db.close()
    return path


@pytest.fixture
def v1_school(tmp_path) -> Path:
    path = tmp_path / "school-v1.db"
    shutil.copyfile(DATA / "school-v1.sqlite", path)
    return path


def tracking_export(monkeypatch) -> str:
    from amtui.db.repo import school
    from amtui.reports.exports import run_export

    real = school.current_half_term
    monkeypatch.setattr(school, "current_half_term", lambda today=None: real(dt.date(2026, 11, 30)))
    out = io.StringIO()
    run_export("tracking", out)
    return out.getvalue()


def test_a_v1_school_upgrades_to_the_fresh_schema_keeping_every_row(v1_school, tmp_path, monkeypatch):
    before = counts(v1_school)
    opened = open_database(Target(str(v1_school)))
    assert migrations.current_version(opened.db) == migrations.LATEST
    opened.db.close()
    upgraded = schema(v1_school)
    assert upgraded == schema(fresh(tmp_path))
    # The row seals' triggers are the same too: three on every table but the chained ones.
    triggers = {(name, table) for kind, name, table, _ in upgraded["master"] if kind == "trigger"}
    sealed = set(upgraded["tables"]) - {"audit_entry", "criterion_mark", "seal", "sqlite_sequence"}
    assert triggers == {(f"seal_{table}_{action}", table) for table in sealed
                        for action in ("insert", "update", "delete")}
    after = counts(v1_school)
    new_tables = ("group_membership", "staff_remit",  # version 7: nobody is in a teaching group yet
                  "return_window",  # version 8: no return windows yet
                  "programme_membership", "parental_interview")  # version 9: nobody on the programme yet
    assert {t: n for t, n in after.items()
            if t not in ("audit_entry", "seal", "class_membership", "school", "school_setting", *new_tables)} == \
           {t: n for t, n in before.items() if t not in ("audit_entry", "school_setting")}
    assert after["school"] == 1  # version 10: a file is one school
    assert after["school_setting"] == before["school_setting"] - 1  # version 15: its name is its row's
    with sqlite3.connect(v1_school) as conn:
        assert conn.execute("SELECT name FROM school").fetchall() == [("Hope Primary School (demo)",)]
    conn.close()
    assert [after[t] for t in new_tables] == [0] * len(new_tables)
    assert after["seal"] == len(sealed)
    # The one demo entry is kept, the entry that starts the chain covers the marks, and one
    # records the upgrade with the state of the seals.
    assert after["audit_entry"] == before["audit_entry"] + 2


def test_the_upgraded_school_exports_what_amtui_0_1_0_exported(v1_school, monkeypatch):
    """The same figures in the same columns; the year and characteristics come after them,
    SEN as its code (a pupil with SEN: K)."""
    with sqlite3.connect(v1_school) as conn:
        had_sen = {upn for (upn,) in conn.execute("SELECT upn FROM pupil WHERE sen")}
    conn.close()
    open_database(Target(str(v1_school)))
    expected = (DATA / "school-v1-tracking.csv").read_bytes().decode("utf-8").splitlines()
    exported = tracking_export(monkeypatch).splitlines()
    width = len(expected[0].split(","))
    assert [line.rsplit(",", 6)[0] for line in exported] == expected
    assert exported[0].split(",")[width:] == ["academic_year", "year_group", "gender", "sen", "pp", "eal"]
    added = {(line.split(",")[0], *line.rsplit(",", 6)[1:]) for line in exported[1:]}
    assert {(upn, sen) for upn, _, _, _, sen, _, _ in added} == {
        (upn, "K" if upn in had_sen else "N") for upn, *_ in added}
    assert {(year, gender) for _, year, _, gender, *_ in added} == {("2026-27", "")}
    assert 0 < len(had_sen) < len(added)


def test_the_models_describe_the_schema_the_steps_build(tmp_path):
    """A model changed without a step fails here (a fresh install would differ from an upgrade)."""
    path = tmp_path / "models.db"
    db = bind(peewee.SqliteDatabase(str(path)))
    db.create_tables(ALL_MODELS)
    db.close()
    built = schema(fresh(tmp_path))
    assert schema(path)["tables"] == built["tables"]
    # The seals' triggers come from the tables themselves (amtui.db.seal), not from the models.
    assert [row for row in schema(path)["master"]] == [row for row in built["master"] if row[0] != "trigger"]


def test_ids_are_never_reused_after_a_delete(opened):
    def add(upn: str) -> int:
        return Pupil.create(upn=upn, forename="A", surname="B", year_group=4).id

    first = write(lambda: add("A1"))
    write(lambda: Pupil.delete().where(Pupil.id == first).execute())
    assert write(lambda: add("A2")) > first


def demo_step(db: peewee.Database) -> None:
    db.execute_sql('ALTER TABLE "pupil" ADD COLUMN "nickname" VARCHAR(255) NOT NULL DEFAULT \'\'')


def test_a_new_step_upgrades_an_existing_file_and_makes_fresh_ones(v1_school, tmp_path, monkeypatch):
    open_database(Target(str(v1_school))).db.close()  # now at the latest version
    steps = [*migrations.STEPS, Step(migrations.LATEST + 1, "pupils' nicknames", demo_step)]
    monkeypatch.setattr(migrations, "STEPS", steps)
    opened = open_database(Target(str(v1_school)))
    assert migrations.current_version(opened.db) == len(steps)
    assert "nickname" in [c.name for c in opened.db.get_columns("pupil")]
    assert opened.db.execute_sql("SELECT COUNT(*) FROM pupil").fetchone()[0] == 202
    opened.db.close()
    assert schema(v1_school) == schema(fresh(tmp_path))


def test_a_step_that_fails_leaves_the_last_good_version(v1_school, monkeypatch):
    def broken(db: peewee.Database) -> None:
        demo_step(db)
        raise peewee.IntegrityError("a step went wrong half-way")

    open_database(Target(str(v1_school))).db.close()
    good = schema(v1_school)
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, Step(migrations.LATEST + 1, "x", broken)])
    with pytest.raises(DatabaseUnavailable, match="half-way"):
        open_database(Target(str(v1_school)))
    assert schema(v1_school) == good
    with sqlite3.connect(v1_school) as conn:
        assert conn.execute("SELECT value FROM db_info WHERE key = 'schema_version'").fetchone()[0] == \
               str(migrations.LATEST)
    conn.close()


@pytest.mark.sqlite_only  # the steps are SQLite's
def test_a_step_that_would_break_links_is_refused(opened, db_path, monkeypatch):
    def orphan(db: peewee.Database) -> None:
        db.execute_sql("INSERT INTO school_class (name, year_group, academic_year_id) VALUES ('Elm', 4, 999)")

    opened.db.close()
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, Step(migrations.LATEST + 1, "x", orphan,
                                                                     foreign_keys_off=True)])
    with pytest.raises(DatabaseUnavailable, match="broken link"):
        open_database(Target(str(db_path)))
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM school_class").fetchone()[0] == 0
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 0  # a new connection's default
    conn.close()


def test_old_audit_entries_are_linked_to_their_pupils_and_chained(v1_school):
    """Entries written by 0.1.0: a block of codes across two pupils, a meeting step, an event."""
    from amtui.db.audit_verify import verify
    from amtui.db.models import AuditEntry
    from amtui.db.repo.pupil_history import pupil_audit

    with sqlite3.connect(v1_school) as conn:
        meeting, pupil = conn.execute("SELECT id, pupil_id FROM meeting LIMIT 1").fetchone()
        other = conn.execute("SELECT MAX(id) FROM pupil").fetchone()[0]
        criterion = conn.execute("SELECT MIN(id) FROM criterion").fetchone()[0]
        conn.executemany("INSERT INTO audit_entry (at, login, action, entity, entity_id, detail) "
                         "VALUES ('2026-10-01 09:00:00', 'you', ?, ?, ?, ?)", [
                             ("mark.set", "half_term", "1",
                              f'{{"source": "grid", "cells": [[{pupil}, {criterion}, "X"], [{other}, {criterion}, "/"]]}}'),
                             ("meeting.step", "meeting", str(meeting), '{"step": 2}'),
                             ("event.log", "pupil", str(other), '{"kind": "reward", "text": "Kind"}'),
                         ])
    conn.close()
    opened = open_database(Target(str(v1_school)))
    linked = [(e.action, e.pupil_id) for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert linked == [("demo.create", None), ("mark.set", pupil), ("mark.set", other),
                      ("meeting.step", pupil), ("event.log", other), ("audit.chain", None),
                      ("schema.upgrade", None)]
    assert [a.action for a in pupil_audit(other)] == ["event.log", "mark.set"]
    assert verify(opened.db).problems == []


def test_sessions_starting_together_upgrade_once(v1_school, tmp_path):
    """Thirty staff log in just after amtui is upgraded: one session upgrades, the rest wait."""
    import subprocess
    import sys

    before = counts(v1_school)
    code = ("import sys; from amtui.db.connection import Target; from amtui.db.startup import open_database; "
            "open_database(Target(sys.argv[1])).db.close()")
    sessions = [subprocess.Popen([sys.executable, "-c", code, str(v1_school)], stderr=subprocess.PIPE)
                for _ in range(4)]
    assert [s.wait(timeout=120) for s in sessions] == [0, 0, 0, 0], [s.stderr.read() for s in sessions]
    assert schema(v1_school) == schema(fresh(tmp_path))
    assert counts(v1_school)["audit_entry"] == before["audit_entry"] + 2  # the chain started once, one upgrade


def test_staff_links_and_leavers_keep_their_rows_and_gain_dates(v1_school):
    """Links made before staff had dates stay open; a teacher may come back to a class."""
    with sqlite3.connect(v1_school) as conn:
        links = conn.execute("SELECT id, school_class_id, staff_id, role FROM class_staff ORDER BY id").fetchall()
        staff = conn.execute("SELECT id, username, active FROM staff ORDER BY id").fetchall()
    conn.close()
    open_database(Target(str(v1_school))).db.close()
    with sqlite3.connect(v1_school) as conn:
        assert conn.execute('SELECT id, school_class_id, staff_id, role FROM class_staff ORDER BY id').fetchall() \
            == links
        assert conn.execute('SELECT COUNT(*) FROM class_staff WHERE start IS NOT NULL OR "end" IS NOT NULL'
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT id, username, active FROM staff ORDER BY id").fetchall() == staff
        assert conn.execute("SELECT COUNT(*) FROM staff WHERE left_on IS NOT NULL").fetchone()[0] == 0
        _, school_class, member, _ = links[0]
        seal.register_sqlite3(conn)  # as amtui's own connections: the row seals' triggers call it
        conn.execute("INSERT INTO class_staff (school_class_id, staff_id, role, start) "
                     "VALUES (?, ?, 'teacher', '2027-01-04')", (school_class, member))  # not unique now
    conn.close()


def test_pupils_classes_move_into_memberships_for_their_classes_year(v1_school):
    """Every pupil's class and year group as they stood become one open row for the year of
    their class (a pupil on roll with no class: the newest year, no class)."""
    with sqlite3.connect(v1_school) as conn:
        pupils = conn.execute("SELECT p.id, c.academic_year_id, p.school_class_id, p.year_group "
                              "FROM pupil p LEFT JOIN school_class c ON c.id = p.school_class_id "
                              "WHERE p.school_class_id IS NOT NULL OR p.left_on IS NULL ORDER BY p.id").fetchall()
        newest = conn.execute("SELECT id FROM academic_year ORDER BY start_year DESC LIMIT 1").fetchone()[0]
    conn.close()
    open_database(Target(str(v1_school))).db.close()
    with sqlite3.connect(v1_school) as conn:
        rows = conn.execute('SELECT pupil_id, academic_year_id, school_class_id, year_group, start, "end" '
                            "FROM class_membership ORDER BY pupil_id").fetchall()
    conn.close()
    assert rows == [(pid, year or newest, cid, yg, None, None) for pid, year, cid, yg in pupils]
    assert len(rows) == 202


def test_every_class_stays_a_class_when_teaching_groups_arrive(v1_school):
    with sqlite3.connect(v1_school) as conn:
        before = conn.execute('SELECT id, name, year_group, academic_year_id FROM school_class ORDER BY id').fetchall()
    conn.close()
    open_database(Target(str(v1_school))).db.close()
    with sqlite3.connect(v1_school) as conn:
        after = conn.execute('SELECT id, name, year_group, academic_year_id, subject_id FROM school_class '
                             'ORDER BY id').fetchall()
    conn.close()
    assert before and after == [(*row, None) for row in before]


def test_referrals_made_before_they_could_end_keep_their_status_with_no_outcome(v1_school):
    with sqlite3.connect(v1_school) as conn:
        pupil, staff = conn.execute("SELECT (SELECT MIN(id) FROM pupil), (SELECT MIN(id) FROM staff)").fetchone()
        conn.execute("INSERT INTO referral (pupil_id, referred_by_id, referred_to_id, reason, made_at, status) "
                     "VALUES (?, ?, NULL, 'Not handing homework in', '2026-10-01 09:00:00', 'open')", (pupil, staff))
    conn.close()
    open_database(Target(str(v1_school))).db.close()
    with sqlite3.connect(v1_school) as conn:
        rows = conn.execute("SELECT pupil_id, reason, status, outcome, passed_to_id, ended_at, ended_by_id "
                            "FROM referral").fetchall()
    conn.close()
    assert rows == [(pupil, "Not handing homework in", "open", "", None, None, None)]


def test_every_row_of_an_upgraded_file_belongs_to_its_one_school_and_uniques_are_per_school(v1_school,
                                                                                            monkeypatch):
    from amtui.db.audit_verify import verify

    with monkeypatch.context() as before_schools:
        before_schools.setattr(migrations, "STEPS", migrations.STEPS[:9])
        open_database(Target(str(v1_school))).db.close()
    with sqlite3.connect(v1_school) as conn:
        seal.register_sqlite3(conn)
        conn.execute("INSERT INTO pupil (upn, forename, surname, year_group, sen_status, pupil_premium, eal, "
                     "extra_meetings, gender, looked_after) VALUES ('X1', 'A', 'B', 4, 'N', 0, 0, 0, '', 0)")
        conn.execute("DELETE FROM pupil WHERE upn = 'X1'")  # its id is never handed out again
        named = conn.execute("SELECT value FROM school_setting WHERE key = 'school_name'").fetchone()
        pupils = conn.execute("SELECT id, upn FROM pupil ORDER BY id").fetchall()
        issued = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    conn.close()
    assert issued["pupil"] > pupils[-1][0]
    opened = open_database(Target(str(v1_school)))
    assert verify(opened.db).problems == []  # the seals cover the new column: made afresh
    opened.db.close()
    with sqlite3.connect(v1_school) as conn:
        assert conn.execute("SELECT id, name, urn FROM school").fetchall() == [(1, named[0] if named else "", "")]
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%'")]
        for table in set(tables) - {"db_info", "seal", "school"}:
            assert conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE school_id IS NOT 1').fetchone()[0] == 0, table
        assert conn.execute("SELECT id, upn FROM pupil ORDER BY id").fetchall() == pupils
        kept = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        assert all(kept[name] >= seq for name, seq in issued.items()) and kept["pupil"] == issued["pupil"]
        seal.register_sqlite3(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("INSERT INTO school (id, name, urn) VALUES (2, 'Elm', '')")
        upn = pupils[0][1]
        conn.execute("INSERT INTO pupil (school_id, upn, forename, surname, year_group, sen_status, pupil_premium, "
                     "eal, extra_meetings, gender, looked_after) VALUES (2, ?, 'A', 'B', 4, 'N', 0, 0, 0, '', 0)",
                     (upn,))  # another school may hold the same UPN ...
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # ... the same school may not
            conn.execute("INSERT INTO pupil (upn, forename, surname, year_group, sen_status, pupil_premium, eal, "
                         "extra_meetings, gender, looked_after) VALUES (?, 'A', 'B', 4, 'N', 0, 0, 0, '', 0)", (upn,))
        conn.rollback()
    conn.close()
