"""import staff: logins, roles and their classes; re-import updates."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import ClassStaff, SchoolClass, Staff
from amtui.db.repo.staff import identify
from amtui.domain.roles import Role
from amtui.imports import ImportFailed
from amtui.imports import run_import
from imports.builders import csv_file, import_text, table_counts

HEADER = "Username,Name,Roles,Classes\n"


def test_staff_are_created_with_roles_and_linked_to_their_classes(school):
    result = import_text(school, "staff", HEADER + "lbrown,Lee Brown,Teacher; TA,2B;3c\n")
    assert result.created == 1
    user = identify("lbrown")
    assert user.name == "Lee Brown"
    assert user.roles == frozenset({Role.TEACHER, Role.TA})
    assert len(user.class_ids) == 2
    assert {link.role for link in ClassStaff.select()} == {"teacher"}


def test_a_re_import_updates_names_and_roles_without_duplicates(school):
    import_text(school, "staff", HEADER + "jsmith,Jo Smith,teacher;mentor,2B\n")
    result = import_text(school, "staff", HEADER + "jsmith,Joanne Smith,teacher;hod,2B\n")
    assert (result.created, result.updated) == (0, 1)
    assert Staff.select().where(Staff.username == "jsmith").count() == 1
    assert identify("jsmith").roles == frozenset({Role.TEACHER, Role.HOD})
    assert identify("jsmith").name == "Joanne Smith"
    assert ClassStaff.select().count() == 1


@pytest.mark.parametrize("row, reason", [
    ("lbrown,Lee Brown,teacher,Elm", "there is no class 'Elm' in 2026-27 yet: give its year group"),
    ("lbrown,Lee Brown,wizard,", "roles: 'wizard' is not a role"),
    ("lbrown,Lee Brown,,2B", "roles is empty"),
    ("lbrown,Lee Brown, ; ,2B", "roles: no role given"),
    ("l brown,Lee Brown,teacher,", "username: 'l brown' is not a login name"),
    ("admin,Ada Admin,slt,", "refused: the school would have no active admin left"),
])
def test_bad_rows_are_refused(school, row, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(school, "staff", HEADER + row + "\n", name="s.csv")
    assert f"{school / 's.csv'}:2: {reason}" in str(caught.value)
    assert table_counts() == before


def _classes_of(login: str, day: dt.date) -> set[str]:
    from amtui.db.repo.school import classes

    mine = identify(login, day).class_ids
    return {c.name for c in classes(2026) if c.id in mine}


def _import_on(folder, text: str, day: dt.date, login: str = "admin"):
    from amtui.imports.runner import run

    return run("staff", csv_file(folder, "staff.csv", HEADER + text), login, today=day)


def test_a_re_import_moves_a_teacher_and_keeps_the_dates(school):
    autumn, spring = dt.date(2026, 9, 7), dt.date(2027, 1, 4)
    _import_on(school, "jsmith,Jo Smith,teacher,2B\n", autumn)
    result = _import_on(school, "jsmith,Jo Smith,teacher,3C\n", spring)
    assert (result.created, result.updated) == (0, 1)
    assert _classes_of("jsmith", spring) == {"3C"}
    assert _classes_of("jsmith", dt.date(2026, 12, 1)) == {"2B"}  # the history keeps the autumn
    links = [(link.school_class.name, link.start, link.end) for link in ClassStaff.select().order_by(ClassStaff.id)]
    assert links == [("2B", autumn, spring), ("3C", spring, None)]
    again = _import_on(school, "jsmith,Jo Smith,teacher,3C\n", spring)
    assert (again.created, again.updated) == (0, 0)
    assert ClassStaff.select().count() == 2


def test_a_blank_classes_cell_leaves_a_listed_person_without_classes(school):
    _import_on(school, "jsmith,Jo Smith,teacher,2B;3C\n", dt.date(2026, 9, 7))
    _import_on(school, "jsmith,Jo Smith,teacher,\n", dt.date(2026, 10, 1))
    assert _classes_of("jsmith", dt.date(2026, 10, 1)) == set()


def test_without_a_classes_column_links_are_left_alone(school):
    _import_on(school, "jsmith,Jo Smith,teacher,2B\n", dt.date(2026, 9, 7))
    from amtui.imports.runner import run

    run("staff", csv_file(school, "names.csv", "username,name,roles\njsmith,Joanne Smith,teacher\n"),
        "admin", today=dt.date(2026, 10, 1))
    assert _classes_of("jsmith", dt.date(2026, 10, 1)) == {"2B"}


def test_a_ta_supports_their_classes(school):
    _import_on(school, "tash,Tash Ali,ta,2B\n", dt.date(2026, 9, 7))
    assert [(link.role, link.school_class.name) for link in ClassStaff.select()] == [("ta", "2B")]


def test_classes_that_do_not_exist_yet_are_created_for_the_year_the_name_gives(school):
    _import_on(school, "lbrown,Lee Brown,teacher,4A;Y5 Oak\n", dt.date(2026, 9, 7))
    made = {c.name: c.year_group for c in SchoolClass.select().where(SchoolClass.name.in_(["4A", "Y5 Oak"]))}
    assert made == {"4A": 4, "Y5 Oak": 5}
    assert _classes_of("lbrown", dt.date(2026, 9, 7)) == {"4A", "Y5 Oak"}


def test_a_first_staff_file_without_an_admin_is_refused(opened, tmp_path):
    with pytest.raises(ImportFailed) as caught:
        run_import("staff", csv_file(tmp_path, "s.csv", "username,name,roles\njsmith,Jo Smith,teacher\n"),
                   "admin")
    assert "no active admin left" in str(caught.value)
    with pytest.raises(ImportFailed) as caught:
        run_import("staff", csv_file(tmp_path, "s.csv", "username,name,roles\nhead,Head,admin\n"), "office")
    assert "you (office) are not an admin in this file" in str(caught.value)
    assert Staff.select().count() == 0


def test_staff_before_pupils_one_order_works(opened, tmp_path):
    """The first day: staff (with the classes they will teach) first, then the pupils."""
    from amtui.db.models import Pupil

    import_text(tmp_path, "staff", "username,name,roles,classes,year\n"
                "admin,Ada Admin,admin,,\nlbrown,Lee Brown,teacher,Elm;Oak,Year 4\n")
    assert {c.name: c.year_group for c in SchoolClass.select()} == {"Elm": 4, "Oak": 4}
    import_text(tmp_path, "pupils", "upn,forename,surname,dob,year,class\n"
                "A123456789012,Amy,Ash,2017-01-02,4,Elm\n")
    assert SchoolClass.select().count() == 2  # the pupils' Elm is the staff file's Elm
    elm = SchoolClass.get(SchoolClass.name == "Elm")
    assert Pupil.get().school_class_id == elm.id
    assert elm.id in identify("lbrown").class_ids


def test_a_leaver_listed_stays_a_leaver_and_the_summary_says_how_to_bring_them_back(school):
    from amtui.db.repo.staffing import leave

    _import_on(school, "jsmith,Jo Smith,teacher,2B\n", dt.date(2026, 9, 7))
    leave(identify("admin"), "jsmith", dt.date(2026, 12, 18))
    result = _import_on(school, "jsmith,Jo Smith,teacher;slt,3C\nlbrown,Lee Brown,teacher,2B\n",
                        dt.date(2027, 1, 4))
    assert (result.created, result.updated) == (1, 0)
    assert "Still leavers, their rows not applied: jsmith (left 18/12/2026)" in result.summary
    assert 'amtui staff add LOGIN "NAME" --roles R brings one back' in result.summary
    row = Staff.get(Staff.username == "jsmith")
    assert (row.active, row.left_on, row.roles) == (False, dt.date(2026, 12, 18), "teacher")
    assert _classes_of("jsmith", dt.date(2027, 1, 4)) == set()
