"""amtui init, amtui settings and amtui staff: a school creates and configures itself, and
its staff come and go, from the command line."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from amtui import cli


@pytest.fixture(autouse=True)
def quiet_env(monkeypatch, tmp_path):
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))


@pytest.fixture
def school(tmp_path, login_as, capsys):
    """A school made by ``amtui init`` for 2026-27, by the login 'head'."""
    login_as("head")
    db = tmp_path / "oak.db"
    assert cli.main(["--db", str(db), "init", "--school", "Oak Primary", "--year", "2026"]) == 0
    capsys.readouterr()
    return db


def rows(db, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        found = conn.execute(sql).fetchall()
    conn.close()
    return found


def run(db, *words: str) -> int:
    return cli.main(["--db", str(db), *words])


def test_init_makes_an_empty_school_with_its_year_name_and_first_admin(tmp_path, login_as, capsys):
    login_as("head")
    db = tmp_path / "oak.db"
    assert run(db, "init", "--school", "Oak Primary", "--year", "2026") == 0
    out = capsys.readouterr().out
    assert "created Oak Primary" in out and "2026-27" in out and "you (head) are its admin" in out
    assert "amtui import staff" in out
    assert rows(db, "SELECT name FROM school") == [("Oak Primary",)]  # the school's row alone holds it
    assert rows(db, "SELECT COUNT(*) FROM school_setting") == [(0,)]
    assert rows(db, "SELECT username, roles, active FROM staff") == [("head", "admin", 1)]
    terms = rows(db, "SELECT number, start, \"end\" FROM half_term ORDER BY number")
    assert [t[0] for t in terms] == [1, 2, 3, 4, 5, 6]
    assert terms[0][1] == "2026-09-07" and terms[5][2] == "2027-07-22"
    assert rows(db, "SELECT login FROM audit_entry WHERE action = 'school.init'") == [("head",)]
    assert rows(db, "SELECT COUNT(*) FROM pupil") == [(0,)]


def test_init_refuses_an_existing_file_and_a_folder_that_does_not_exist(tmp_path, school, capsys):
    assert run(school, "init", "--school", "Other") == 1
    assert "already a file" in capsys.readouterr().err
    assert rows(school, "SELECT name FROM school") == [("Oak Primary",)]
    assert run(tmp_path / "typo" / "oak.db", "init", "--school", "Oak") == 1
    assert "The folder" in capsys.readouterr().err and not (tmp_path / "typo").exists()
    assert run(tmp_path, "init", "--school", "Oak") == 1
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.parametrize("named, made", [("head", True), ("someone.else", False), (None, False)])
def test_on_a_server_only_the_founding_admin_root_names_may_create_the_school(
        tmp_path, login_as, monkeypatch, capsys, named, made):
    from amtui import config

    login_as("head")
    db = tmp_path / "school.db"
    root_says = {"service_account": "amtui", "database": str(db)}
    if named:
        root_says["founding_admin"] = named
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    monkeypatch.setattr(config, "system_config", lambda: root_says)
    assert cli.main(["init", "--school", "Oak Primary", "--year", "2026"]) == (0 if made else 1)
    assert db.exists() == made
    if not made:
        assert ("founding_admin" if named is None else "Only someone.else") in capsys.readouterr().err


def test_an_import_into_a_new_path_names_init(tmp_path, login_as, capsys):
    login_as("head")
    staff = tmp_path / "staff.csv"
    staff.write_text("username,name,roles\nhead,Head,admin\n")
    assert run(tmp_path / "new.db", "import", "staff", str(staff)) == 1
    err = capsys.readouterr().err
    assert "amtui init --school" in err and "amtui demo" in err
    assert not (tmp_path / "new.db").exists()


def test_settings_lists_every_setting_with_value_default_and_meaning(school, capsys):
    from amtui.domain.settings import SETTING_SPECS

    assert run(school, "settings", "set", "target_steps", "4") == 0
    assert run(school, "settings") == 0
    out = capsys.readouterr().out
    assert "school_name: Oak Primary" in out
    for spec in SETTING_SPECS:
        assert spec.key in out and spec.description in out
    line = next(line for line in out.splitlines() if line.startswith("target_steps"))
    assert line.split()[:3] == ["target_steps", "*4", "3"]


def test_a_bad_setting_says_why_and_changes_nothing(school, capsys):
    assert run(school, "settings", "set", "weekly_max", "lots") == 1
    assert "'lots' is not a valid whole number" in capsys.readouterr().err
    assert run(school, "settings", "set", "meeting_every_half_terms", "9") == 1
    assert "meeting_every_half_terms must be 1 to 6 (not 9)" in capsys.readouterr().err
    assert rows(school, "SELECT COUNT(*) FROM school_setting") == [(0,)]


def test_the_school_name_and_a_setting_change_are_audited(school, capsys):
    assert run(school, "settings", "set", "school_name", "Oak Academy") == 0
    assert rows(school, "SELECT name FROM school") == [("Oak Academy",)]
    assert rows(school, "SELECT detail FROM audit_entry WHERE action = 'setting.change'")[0][0] == \
        '{"old": "Oak Primary", "value": "Oak Academy"}'
    assert rows(school, "SELECT login, entity_id FROM audit_entry WHERE action = 'setting.change'") == \
        [("head", "school_name")]


def test_only_slt_and_admin_see_or_change_settings(school, login_as, capsys):
    assert run(school, "staff", "add", "tom", "Tom Teach", "--roles", "teacher") == 0
    login_as("tom")
    assert run(school, "settings", "set", "target_steps", "5") == 1
    assert "Only Senior leadership or Admin may change school settings" in capsys.readouterr().err
    assert run(school, "settings", "set-dates", "HT3", "2027-01-05", "2027-02-12") == 1


def test_half_term_dates_are_listed_and_changed_in_order(school, capsys):
    assert run(school, "settings", "dates", "--year", "2026") == 0
    assert "HT3 Spring 1" in capsys.readouterr().out
    assert run(school, "settings", "set-dates", "HT3", "2027-01-05", "2027-02-12", "--year", "2026") == 0
    assert rows(school, "SELECT start FROM half_term WHERE number = 3") == [("2027-01-05",)]
    assert run(school, "settings", "set-dates", "HT3", "2027-01-05", "2027-02-26", "--year", "2026") == 1
    assert "HT4 would start" in capsys.readouterr().err
    assert run(school, "settings", "set-dates", "HT7", "2027-01-05", "2027-02-12") == 1
    assert "'HT7' is not a half-term" in capsys.readouterr().err


def test_staff_are_added_given_roles_and_listed(school, capsys):
    assert run(school, "staff", "add", "lbrown", "Lee Brown", "--roles", "teacher,mentor") == 0
    assert run(school, "staff", "roles", "lbrown", "teacher,hod") == 0
    assert rows(school, "SELECT roles FROM staff WHERE username = 'lbrown'") == [("teacher;hod",)]
    assert run(school, "staff", "add", "jo", "Jo", "--roles", " , ") == 1
    assert "no role given" in capsys.readouterr().err
    assert run(school, "staff", "list") == 0
    out = capsys.readouterr().out
    assert "lbrown" in out and "teacher, hod" in out and "2 active members of staff" in out
    actions = [a for (a,) in rows(school, "SELECT action FROM audit_entry ORDER BY id")]
    assert actions[-2:] == ["staff.add", "staff.roles"]


def test_the_last_admin_cannot_leave_or_lose_the_role(school, capsys):
    assert run(school, "staff", "roles", "head", "teacher") == 1
    assert "no active admin left" in capsys.readouterr().err
    assert run(school, "staff", "leave", "head") == 1
    assert rows(school, "SELECT roles, active FROM staff WHERE username = 'head'") == [("admin", 1)]


def test_a_leaver_keeps_their_history_and_cannot_log_in(school, login_as, capsys):
    assert run(school, "staff", "add", "tom", "Tom Teach", "--roles", "teacher,admin") == 0
    assert run(school, "staff", "leave", "tom", "--on", "2026-12-18") == 0
    assert "can no longer log in" in capsys.readouterr().out
    assert rows(school, "SELECT active, left_on FROM staff WHERE username = 'tom'") == [(0, "2026-12-18")]
    login_as("tom")
    assert run(school) == 1  # opening the app
    err = capsys.readouterr().err
    assert "taken off the staff list on 18/12/2026" in err and "Traceback" not in err
    assert run(school, "settings") == 1
    assert "taken off the staff list" in capsys.readouterr().err
    login_as("head")
    assert run(school, "staff", "list") == 0
    assert "tom" not in capsys.readouterr().out
    assert run(school, "staff", "list", "--leavers") == 0
    assert "left 18/12/2026" in capsys.readouterr().out


def test_a_new_teacher_takes_a_class_from_a_day_and_the_old_link_ends(school, capsys):
    from amtui.db.connection import write
    from amtui.db.models import SchoolClass
    from amtui.db.repo.school import ensure_year

    write(lambda: SchoolClass.create(name="Elm", year_group=4, academic_year=ensure_year(2026)))
    for login, name in (("ann", "Ann"), ("bob", "Bob"), ("tash", "Tash")):
        assert run(school, "staff", "add", login, name, "--roles", "teacher,ta") == 0
    assert run(school, "staff", "teach", "ann", "Elm", "--from", "2026-09-07") == 0
    assert run(school, "staff", "teach", "tash", "Elm", "--from", "2026-09-07", "--as", "ta") == 0
    assert run(school, "staff", "teach", "bob", "Elm", "--from", "2027-01-04") == 0
    assert "Ann no longer does from that day" in capsys.readouterr().out
    links = rows(school, "SELECT s.username, c.role, c.start, c.\"end\" FROM class_staff c "
                         "JOIN staff s ON s.id = c.staff_id ORDER BY c.id")
    assert links == [("ann", "teacher", "2026-09-07", "2027-01-04"), ("tash", "ta", "2026-09-07", None),
                     ("bob", "teacher", "2027-01-04", None)]
    from amtui.db.repo.staff import identify

    assert identify("ann", dt.date(2026, 12, 1)).class_ids and not identify("ann", dt.date(2027, 1, 4)).class_ids
    assert identify("bob", dt.date(2027, 1, 4)).class_ids
    assert run(school, "staff", "teach", "tash", "Elm", "--from", "2026-12-01") == 1
    assert "has a teacher from 04/01/2027" in capsys.readouterr().err
    assert run(school, "staff", "teach", "ann", "Beech") == 1
    assert "There is no class 'Beech' this year (classes: Elm)" in capsys.readouterr().err


def remits(db) -> list[tuple]:
    return rows(db, "SELECT st.username, su.name, r.year_group FROM staff_remit r JOIN staff st ON st.id = r.staff_id "
                    "LEFT JOIN subject su ON su.id = r.subject_id ORDER BY r.id")


def with_maths(db) -> None:
    criteria = db.parent / "criteria.csv"
    criteria.write_text("subject,stage,ref,text\nMaths,2,M2/1,Counts to 100\n")
    assert run(db, "import", "criteria", str(criteria)) == 0


def test_a_head_of_department_or_year_is_given_what_they_head_and_it_is_taken_away_audited(school, capsys):
    with_maths(school)
    assert run(school, "staff", "add", "hope", "Hope Head", "--roles", "teacher,hod,hoy") == 0
    assert run(school, "staff", "heads", "hope", "--subject", "maths") == 0
    assert run(school, "staff", "heads", "hope", "--year", "Year 5") == 0
    assert "Hope Head (hope) heads Year 5." in capsys.readouterr().out
    assert remits(school) == [("hope", "Maths", None), ("hope", None, 5)]
    assert run(school, "staff", "heads", "hope") == 0
    assert "Hope Head (hope) heads Maths, Year 5." in capsys.readouterr().out
    assert run(school, "staff", "heads", "hope", "--subject", "Maths", "--remove") == 0
    assert "no longer heads Maths" in capsys.readouterr().out
    assert remits(school) == [("hope", None, 5)]
    assert rows(school, "SELECT login, action FROM audit_entry WHERE action = 'staff.heads'") == \
        [("head", "staff.heads")] * 3


def test_heads_are_refused_without_the_role_or_for_what_is_not_there_and_nothing_changes(school, login_as, capsys):
    with_maths(school)
    assert run(school, "staff", "add", "tom", "Tom Teach", "--roles", "teacher") == 0
    assert run(school, "staff", "heads", "tom", "--subject", "Maths") == 1
    assert "Maths needs the hod role" in capsys.readouterr().err
    assert run(school, "staff", "heads", "tom", "--subject", "Drama") == 1
    assert "there is no subject 'Drama'" in capsys.readouterr().err
    assert run(school, "staff", "heads", "tom", "--year", "Maths") == 1
    assert "is not a year group" in capsys.readouterr().err
    assert run(school, "staff", "heads", "tom", "--remove") == 1
    login_as("tom")
    assert run(school, "staff", "heads", "head", "--year", "5") == 1
    assert remits(school) == []
    assert rows(school, "SELECT COUNT(*) FROM audit_entry WHERE action = 'staff.heads'") == [(0,)]
