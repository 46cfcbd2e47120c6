"""import groups: teaching groups made, pupils placed, teachers linked; refusals name the line."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import ClassStaff, GroupMembership, Pupil, SchoolClass, Staff, StaffRemit, Subject
from amtui.db.repo import groups, tracking
from amtui.db.repo.staff import identify
from amtui.imports import ImportFailed
from imports.builders import import_text, table_counts
from imports.secondary import AMY, BEN, CAL, GROUPS_HEADER, seed_groups, seed_secondary


@pytest.fixture
def school(opened, tmp_path):
    seed_secondary(tmp_path)
    return tmp_path


def members(name: str) -> list[str]:
    return sorted(upn for (upn,) in Pupil.select(Pupil.upn).join(GroupMembership).join(SchoolClass)
                  .where(SchoolClass.name == name, GroupMembership.end.is_null()).tuples())


def test_groups_and_subjects_are_made_and_pupils_placed(school):
    seed_groups(school)
    assert members("10X/Ma1") == sorted([AMY, CAL]) and members("10X/Ma2") == [BEN]
    history = Subject.get(Subject.name == "History")
    assert history.code == "H"
    group = SchoolClass.get(SchoolClass.name == "10X/Hi1")
    assert (group.subject_id, group.year_group) == (history.id, 10)
    teacher = Staff.get(Staff.username == "hist1")
    assert [link.school_class_id for link in ClassStaff.select().where(ClassStaff.staff == teacher)] == [group.id]
    assert [g.name for g in groups.teaching_groups(group.academic_year.start_year)] == [
        "10X/Hi1", "10X/Ma1", "10X/Ma2"]


def test_the_class_grid_lists_a_teaching_groups_pupils(school):
    seed_groups(school)
    group = SchoolClass.get(SchoolClass.name == "10X/Ma1")
    on_roll = tracking.pupils_on_roll(group.id, None, on=dt.date.today())
    assert sorted(p.upn for p in on_roll.values()) == sorted([AMY, CAL])


def test_a_pupil_moved_to_another_set_leaves_the_first(school):
    seed_groups(school)
    result = import_text(school, "groups", GROUPS_HEADER + f"10X/Ma2,Maths,10,maths1,{AMY}\n")
    assert result.created == 1
    assert members("10X/Ma1") == [CAL] and members("10X/Ma2") == sorted([AMY, BEN])
    again = import_text(school, "groups", GROUPS_HEADER + f"10X/Ma2,Maths,10,maths1,{AMY}\n")
    assert again.created == 0  # already there: nothing changes
    assert GroupMembership.select().count() == 5


@pytest.mark.parametrize("rows, reason", [
    (f"10X/Ma1,Maths,10,nobody,{AMY}\n", "2: teacher: there is no member of staff with the login 'nobody'"),
    ("10X/Ma1,Maths,10,maths1,F999999999999\n", "2: no pupil has UPN F999999999999"),
    (f"10X/Ma1,Maths,10,maths1,{AMY}\n10X/Ma2,Maths,10,maths1,{AMY}\n", "3: W101000000001 is in 10X/Ma1 for Maths"),
    (f"10X/Ma1,Maths,10,maths1,{AMY}\n10X/Ma1,Science,10,maths1,{BEN}\n", "3: group: 10X/Ma1 is Maths, Year 10"),
    (f"10X,Maths,10,maths1,{AMY}\n", "2: group: 10X is a class or tutor group this year"),
    (f"5B/Ma1,Maths,5,maths1,{AMY}\n", "2: year: '5' is not a secondary year"),
    (f"10X/Ma1,Maths,10,,{AMY}\n", "2: teacher is empty"),
])
def test_a_file_with_a_mistake_imports_nothing_and_names_the_line(school, rows, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as failed:
        import_text(school, "groups", GROUPS_HEADER + rows)
    assert reason in str(failed.value) and "Nothing was imported." in str(failed.value)
    assert table_counts() == before


def test_the_staff_file_says_what_heads_of_department_and_year_head(school):
    seed_groups(school)
    import_text(school, "staff", "username,name,roles,heads\nadmin,Ada Admin,admin;slt,\n"
                "maths1,Mo Maths,teacher;hod;hoy,Maths; Year 10\nhist1,Hal History,teacher,\n")
    user = identify("maths1")
    assert user.hod_subjects == {Subject.get(Subject.name == "Maths").id} and user.hoy_years == {10}
    import_text(school, "staff", "username,name,roles,heads\nadmin,Ada Admin,admin;slt,\n"
                "maths1,Mo Maths,teacher;hod,History\n")
    assert identify("maths1").hod_subjects == {Subject.get(Subject.name == "History").id}
    assert StaffRemit.select().count() == 1
    with pytest.raises(ImportFailed, match="3: heads: Maths needs the hod role"):
        import_text(school, "staff", "username,name,roles,heads\nadmin,Ada Admin,admin;slt,\n"
                    "hist1,Hal History,teacher,Maths\n")
    with pytest.raises(ImportFailed, match="3: heads: 'Drama' is neither a subject nor a year group"):
        import_text(school, "staff", "username,name,roles,heads\nadmin,Ada Admin,admin;slt,\n"
                    "hist1,Hal History,teacher;hod,Drama\n")
