"""Saves that may_enter refuses write nothing: marks, attitude and Big Write, checked in the
database. The half-term must have started by the day the screen says it is (the small
school's ``today`` is two days into HT4)."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import (
    AttitudeRecord, AuditEntry, BigWriteFeedback, BigWriteRating, CriterionMark, HalfTerm,
)
from amtui.db.repo import attitude, bigwrite, school, staff
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.staff import CurrentUser
from amtui.domain.codes import Code
from amtui.domain.errors import UserFacingError
from amtui.domain.roles import Role
from amtui.domain.ryg import RYG
from pupil_school import build

DAY = dt.timedelta(days=1)


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    yield school_, extras
    school_.opened.db.close()


def everything() -> tuple[int, ...]:
    """How many rows every table a refused save could touch holds (audit: not the schema's)."""
    return (CriterionMark.select().count(), AttitudeRecord.select().count(), BigWriteRating.select().count(),
            BigWriteFeedback.select().count(),
            AuditEntry.select().where(AuditEntry.action != "schema.create").count())


def refused(match: str, save) -> None:
    """``save`` is refused with a reason matching ``match``, and the database is as it was."""
    before = everything()
    with pytest.raises(UserFacingError, match=match):
        save()
    assert everything() == before


def test_marks_in_a_half_term_not_started_are_refused_until_its_first_day(made):
    made_school, extras = made
    teacher, zoe, w3 = staff.identify("tester"), made_school.pupils["Zoë O'Neill"], extras.writing_criteria[2]
    ht5 = school.half_term(made_school.start_year, 5)
    change = [CodeChange(zoe, w3, Code.CROSS)]
    refused(f"^HT5 has not started yet: it starts on {ht5.start:%a %d %b %Y}.$",
            lambda: save_codes(teacher, ht5, change, today=ht5.start - DAY))
    refused("^HT5 has not started yet", lambda: save_codes(staff.identify("head"), ht5, change, today=made_school.today))
    saved = save_codes(teacher, ht5, change, today=ht5.start)  # its first day
    assert [(m.code, m.half_term_id) for m in CriterionMark.select().where(CriterionMark.criterion == w3)] == \
        [("X", ht5.id)] and saved[0].code is Code.CROSS


def test_attitude_in_a_half_term_not_started_is_refused(made):
    made_school, _ = made
    teacher, zoe = staff.identify("tester"), made_school.pupils["Zoë O'Neill"]
    ht5 = school.half_term(made_school.start_year, 5)
    refused("^HT5 has not started yet", lambda: attitude.save_rating(
        teacher, ht5, zoe, "effort", RYG.GREEN, today=made_school.today))
    refused("^HT5 has not started yet", lambda: attitude.save_attendance(
        teacher, ht5, zoe, 97.0, today=ht5.start - DAY))
    attitude.save_attendance(teacher, ht5, zoe, 97.0, today=ht5.start)
    assert AttitudeRecord.get(pupil=zoe, half_term=ht5.id, aspect="attendance").percent == 97.0


def test_a_locked_half_term_refuses_the_admin_too_and_writes_nothing(made):
    made_school, _ = made
    zoe = made_school.pupils["Zoë O'Neill"]
    ht4 = school.half_term(made_school.start_year, 4)
    write(lambda: HalfTerm.update(locked_at=HalfTerm.start, lock_reason="moderation").where(
        HalfTerm.id == ht4.id).execute())
    admin = CurrentUser("admin", made_school.staff["tester"], "Ann Admin", roles=frozenset({Role.ADMIN}))
    refused(r"^HT4 is locked by SLT \(moderation\)", lambda: attitude.save_rating(
        admin, ht4, zoe, "effort", RYG.GREEN, today=made_school.today))
    refused("^HT4 is locked", lambda: save_codes(admin, ht4, [CodeChange(zoe, 1, Code.DOT)], today=made_school.today))


def test_big_write_ratings_and_feedback_wait_for_the_pieces_half_term(made):
    made_school, extras = made
    teacher, zoe, w3 = staff.identify("tester"), made_school.pupils["Zoë O'Neill"], extras.writing_criteria[2]
    ht4 = school.half_term(made_school.start_year, 4)
    early = ht4.start - DAY
    refused("^HT4 has not started yet", lambda: bigwrite.rate(
        teacher, extras.piece_id, zoe, w3, RYG.GREEN, today=early))
    refused("^HT4 has not started yet", lambda: bigwrite.save_feedback(
        teacher, extras.piece_id, zoe, "Lovely paragraphs", today=early))
    bigwrite.save_feedback(teacher, extras.piece_id, zoe, "Lovely paragraphs", today=made_school.today)
    assert BigWriteFeedback.get(pupil=zoe).text == "Lovely paragraphs"


def test_big_write_feedback_in_a_locked_half_term_is_refused(made):
    made_school, extras = made
    zoe = made_school.pupils["Zoë O'Neill"]
    ht4 = school.half_term(made_school.start_year, 4)
    write(lambda: HalfTerm.update(locked_at=HalfTerm.start).where(HalfTerm.id == ht4.id).execute())
    refused("^HT4 is locked", lambda: bigwrite.save_feedback(
        staff.identify("tester"), extras.piece_id, zoe, "Lovely", today=made_school.today))
    bigwrite.save_feedback(staff.identify("head"), extras.piece_id, zoe, "Lovely", today=made_school.today)
    assert BigWriteFeedback.get(pupil=zoe).text == "Lovely"


def test_a_teacher_who_moved_class_corrects_the_old_class_for_a_half_term_they_taught_it(made):
    from amtui.db.models import ClassStaff, Staff

    made_school, extras = made
    classes, pupils = made_school.classes, made_school.pupils
    ht2, ht3 = (school.half_term(made_school.start_year, n) for n in (2, 3))
    tester, smith = Staff.get(Staff.username == "tester"), Staff.get(Staff.username == "jsmith")

    def swap() -> None:  # from HT3 Tess teaches 6R, Jo 4B
        ClassStaff.update(end=ht3.start).where(ClassStaff.staff.in_([tester.id, smith.id])).execute()
        ClassStaff.create(school_class=classes["6R"], staff=tester, start=ht3.start)
        ClassStaff.create(school_class=classes["4B"], staff=smith, start=ht3.start)

    write(swap)
    teacher, w3 = staff.identify("tester", made_school.today), extras.writing_criteria[2]
    assert teacher.class_ids == {classes["6R"]}
    zoe, ella = pupils["Zoë O'Neill"], pupils["Ella Evans"]
    saved = save_codes(teacher, ht2, [CodeChange(zoe, w3, Code.CROSS)], today=made_school.today)
    assert saved[0].code is Code.CROSS  # 4B's HT2 was hers: she corrects it
    refused("only", lambda: save_codes(teacher, ht2, [CodeChange(ella, w3, Code.CROSS)], today=made_school.today))
    now = school.current_half_term(made_school.today)
    refused("only", lambda: save_codes(teacher, now, [CodeChange(zoe, w3, Code.CROSS)], today=made_school.today))
    assert save_codes(teacher, now, [CodeChange(ella, w3, Code.CROSS)], today=made_school.today)[0].code is Code.CROSS
