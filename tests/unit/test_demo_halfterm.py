"""The demo school's half-term tests: the shipped tests, and HT1 answers that agree with
the HT1 record (so the answer grid and the class grid tell the same story)."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import (
    CriterionMark, HalfTerm, HalfTermAnswer, HalfTermQuestion, HalfTermTest, Pupil, SchoolClass,
)
from amtui.domain.halfterm_tests import mark_to_code
from built_schools import demo_school, opened_copy


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    built, _ = demo_school(tmp_path_factory, dt.date(2026, 11, 22), "demo-tester")  # built once in the run
    opened = opened_copy(built, tmp_path_factory.mktemp("demo"))
    yield
    opened.db.close()


def test_the_shipped_tests_are_loaded(demo):
    assert HalfTermTest.select().count() == 48  # Maths stages 0-7, six each
    assert HalfTermQuestion.select().count() > 48 * 10


def test_years_3_and_4_answered_the_ht1_test_of_their_stage(demo):
    answers = list(HalfTermAnswer.select(HalfTermAnswer, HalfTermQuestion, HalfTermTest, Pupil, SchoolClass)
                   .join(HalfTermQuestion).join(HalfTermTest).switch(HalfTermAnswer)
                   .join(Pupil).join(SchoolClass))
    assert len(answers) > 100
    assert {a.pupil.school_class.year_group for a in answers} == {3, 4}
    assert {a.question.test.number for a in answers} == {1}
    assert {a.half_term.number for a in answers} == {1}


def test_every_answer_gives_the_code_the_pupil_has_at_ht1(demo):
    ht1 = {t.id for t in HalfTerm.select() if t.number == 1}
    newest = {}
    for mark in CriterionMark.select().where(CriterionMark.half_term.in_(ht1)).order_by(CriterionMark.id):
        if mark.code != "A":
            newest[(mark.pupil_id, mark.criterion_id)] = mark.code
    checked = 0
    for answer in HalfTermAnswer.select(HalfTermAnswer, HalfTermQuestion).join(HalfTermQuestion):
        code = mark_to_code(answer.mark, answer.question.marks).value
        assert newest.get((answer.pupil_id, answer.question.criterion_id)) == code
        checked += 1
    assert checked == HalfTermAnswer.select().count()
