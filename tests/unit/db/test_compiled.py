"""Statements built once and run many times (``db.compiled``): the same rows, ids and counts
as peewee's own queries give, on both engines, with the SQL built once per shape."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import JOIN

from amtui.db.compiled import compiled
from amtui.db.connection import write
from amtui.db.models import AcademicYear, CriterionMark, HalfTerm, Staff
from amtui.db.repo import school


def locked_half_terms():
    """Half-terms of 2026, HT2 locked by a member of staff: dates, a datetime, a join."""
    terms = school.half_terms(2026)

    def lock() -> None:
        staff = Staff.create(username="head", name="Hana Head", roles="slt")
        HalfTerm.update(locked_at=dt.datetime(2026, 12, 1, 9, 30), lock_reason="moderation",
                        locked_by=staff.id).where(HalfTerm.id == terms[1].id).execute()

    write(lock)
    return terms


def half_terms_query(ids, start_by):
    return (HalfTerm.select(HalfTerm.id, HalfTerm.start, HalfTerm.locked_at, Staff.name, AcademicYear.start_year)
            .join(AcademicYear).switch(HalfTerm).join(Staff, JOIN.LEFT_OUTER, on=(HalfTerm.locked_by == Staff.id))
            .where(HalfTerm.id.in_(ids) & (HalfTerm.start <= start_by)).order_by(HalfTerm.id))


@compiled
def half_terms_among(ids, start_by):
    return half_terms_query(ids, start_by)


def test_a_select_gives_peewees_own_rows_read_as_its_fields_read_them(opened):
    terms = locked_half_terms()
    ids = [t.id for t in terms]
    for chosen, start_by in ((ids, dt.date(2027, 8, 31)), (ids[:3], terms[1].start), (ids[1:2], dt.date(2026, 1, 1)),
                             ([], dt.date(2027, 8, 31)), ({ids[4], ids[1]}, dt.date(2027, 8, 31))):
        assert half_terms_among(ids=chosen, start_by=start_by) == list(half_terms_query(list(chosen), start_by).tuples())
    row = half_terms_among(ids=[terms[1].id], start_by=dt.date(2027, 8, 31))[0]
    assert row == (terms[1].id, terms[1].start, dt.datetime(2026, 12, 1, 9, 30), "Hana Head", 2026)
    assert isinstance(row[1], dt.date) and isinstance(row[2], dt.datetime)


def test_the_sql_is_built_once_for_each_shape(opened):
    terms = locked_half_terms()
    builds = []

    @compiled
    def half_terms_among(ids, start_by):
        builds.append((len(ids), start_by))
        return half_terms_query(ids, start_by)

    for term in terms:
        half_terms_among(ids=[term.id], start_by=term.end)
    half_terms_among(ids=[terms[0].id, terms[1].id], start_by=terms[5].end)
    half_terms_among(ids={terms[2].id, terms[3].id}, start_by=terms[5].end)
    assert [n for n, _ in builds] == [1, 2]  # one for a single id, one for two: the values differ, the text not
    assert half_terms_among(ids=[terms[5].id], start_by=terms[0].end) == []  # the values bound now, not the first


@compiled
def staff_who_left_on(day):
    return Staff.select(Staff.username).where(Staff.left_on == day).order_by(Staff.username)


def test_none_is_null_and_a_shape_of_its_own(opened):
    day = dt.date(2026, 7, 20)
    write(lambda: (Staff.create(username="stays", name="A", roles="slt"),
                   Staff.create(username="went", name="B", roles="teacher", active=False, left_on=day)))
    assert staff_who_left_on(day=day) == [("went",)]
    assert staff_who_left_on(day=None) == [("stays",)]  # IS NULL: "= NULL" would find no one
    assert staff_who_left_on(day=day) == [("went",)]


@compiled
def add_mark(pupil, criterion, half_term, code, staff, recorded_at, source):
    return CriterionMark.insert(pupil=pupil, criterion=criterion, half_term=half_term, code=code, staff=staff,
                                recorded_at=recorded_at, source=source)


@compiled
def add_mark_at_build_time(pupil, criterion, half_term, code):
    return CriterionMark.insert(pupil=pupil, criterion=criterion, half_term=half_term, code=code)


@compiled
def recode(mark, code):
    return CriterionMark.update(code=code).where(CriterionMark.id == mark)


def a_pupil_and_criterion() -> tuple[int, int]:
    from amtui.db.models import CriteriaBank, Criterion, Pupil, Subject

    def make() -> tuple[int, int]:
        subject = Subject.create(name="Maths", code="M")
        bank = CriteriaBank.create(subject=subject, stage=2)
        criterion = Criterion.create(bank=bank, subject=subject, number=1, ref="M2/1", text="Counts to 20")
        pupil = Pupil.create(upn="X011000000001", forename="Zoë", surname="O'Neill", year_group=4)
        return pupil.id, criterion.id

    return write(make)


def test_an_insert_gives_the_new_rows_id_and_an_update_how_many_it_changed(opened):
    pupil, criterion = a_pupil_and_criterion()
    term = school.half_terms(2026)[1]
    at = dt.datetime(2026, 11, 23, 10, 15)
    first = write(lambda: add_mark(pupil=pupil, criterion=criterion, half_term=term.id, code="X", staff=None,
                                   recorded_at=at, source="grid"))
    second = write(lambda: add_mark(pupil=pupil, criterion=criterion, half_term=term.id, code="/", staff=None,
                                    recorded_at=at, source="grid"))
    stored = list(CriterionMark.select(CriterionMark.id, CriterionMark.code, CriterionMark.recorded_at,
                                       CriterionMark.staff).order_by(CriterionMark.id).tuples())
    assert stored == [(first, "X", at, None), (second, "/", at, None)] and second > first
    assert write(lambda: recode(mark=first, code=".")) == 1
    assert write(lambda: recode(mark=-1, code=".")) == 0
    assert CriterionMark.get_by_id(first).code == "."


def test_an_insert_that_leaves_a_default_to_peewee_is_refused(opened):
    """``recorded_at=now`` would be worked out once, when the SQL is built, and then given
    to every row inserted after it."""
    pupil, criterion = a_pupil_and_criterion()
    term = school.half_terms(2026)[1]
    with pytest.raises(TypeError, match="given its values as Params"):
        write(lambda: add_mark_at_build_time(pupil=pupil, criterion=criterion, half_term=term.id, code="X"))
    assert CriterionMark.select().count() == 0
