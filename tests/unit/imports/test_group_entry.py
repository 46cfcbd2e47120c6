"""Saving codes for a secondary school's pupils goes by teaching group and subject, checked
in the database: the group's teacher saves; a History teacher linked to the tutor group, or
a teacher of another subject's group, saves nothing; a head of department saves for their
subject's groups."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import ClassStaff, Criterion, CriterionMark, Pupil, SchoolClass, Staff, StaffRemit, Subject
from amtui.db.repo import groups, school
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from amtui.domain.permissions import NotAllowed
from imports.builders import bank, import_text
from imports.secondary import AMY, seed_groups, seed_secondary


@pytest.fixture
def school_(opened, tmp_path):
    seed_secondary(tmp_path)
    seed_groups(tmp_path)
    import_text(tmp_path, "criteria", "subject,stage,ref,text\n" + bank("S", "Science", 6, 10)
                + bank("M", "Maths", 6, 10))
    import_text(tmp_path, "groups", "group,subject,year,teacher,upn\n" f"10X/Sc1,Science,10,maths1,{AMY}\n")
    # hist1, a History teacher, tutors 10X, Amy's tutor group.
    ClassStaff.create(school_class=SchoolClass.get(SchoolClass.name == "10X"), staff=Staff.get(Staff.username == "hist1"))
    return tmp_path


def save(login: str, subject: str) -> None:
    today = dt.date.today()
    half_term = school.current_half_term(today)
    criterion = (Criterion.select(Criterion.id).join(Subject).where(Subject.name == subject)
                 .order_by(Criterion.id).scalar())
    pupil = Pupil.get(Pupil.upn == AMY).id
    save_codes(identify(login, today), half_term, [CodeChange(pupil, criterion, Code.CROSS)], today=today)


def test_the_groups_teacher_saves_a_science_mark(school_):
    save("maths1", "Science")
    assert [(m.staff.username, m.code) for m in CriterionMark.select()] == [("maths1", "X")]


def test_a_history_teacher_linked_to_the_tutor_group_cannot_save_a_science_mark(school_):
    with pytest.raises(NotAllowed, match="only for your own teaching groups, in their subject"):
        save("hist1", "Science")
    assert CriterionMark.select().count() == 0


def test_a_head_of_department_saves_for_their_subject_only(school_):
    hod = Staff.get(Staff.username == "amt1")
    Staff.update(roles="hod").where(Staff.id == hod.id).execute()
    groups.set_remit("admin", hod.id, subject_id=Subject.get(Subject.name == "Science").id)
    assert StaffRemit.select().count() == 1
    save("amt1", "Science")
    with pytest.raises(NotAllowed):
        save("amt1", "Maths")
    assert [m.criterion.subject.name for m in CriterionMark.select()] == ["Science"]
