"""Half-term tests in the database: answers feed the criteria record through save_codes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from amtui.db.connection import write
from amtui.db.models import (
    AuditEntry, ClassStaff, CriteriaBank, Criterion, CriterionMark, HalfTerm, HalfTermAnswer,
    HalfTermQuestion, HalfTermTest, Pupil, SchoolClass, Staff, Subject, WorkingStage,
)
from amtui.db.repo import halfterm
from amtui.db.repo.halfterm import MarkChange
from amtui.db.repo.school import ensure_year, half_term
from amtui.db.repo.staff import identify
from amtui.db.repo.weekly import EntryRefused
from amtui.domain.permissions import NotAllowed

YEAR = 2026
# number, marks, section, criterion number (two questions share M2/4)
QUESTIONS = [("1", 1, "Number", 1), ("2", 2, "Number", 2), ("3a", 2, "Fractions", 4),
             ("3b", 1, "Fractions", 4), ("4", 3, "Shape", 5)]


@pytest.fixture
def school(opened):
    """4B (tess's) in Maths stage 2: Ann with 8 crosses from HT1, Ben with none; the HT4 test."""
    ids = {}

    def build() -> None:
        year = ensure_year(YEAR)
        tess = Staff.create(username="tess", name="Tess Teacher", roles="teacher")
        Staff.create(username="jo", name="Jo Other", roles="teacher")
        Staff.create(username="head", name="Hana Head", roles="slt")
        klass = SchoolClass.create(name="4B", year_group=4, academic_year=year)
        ClassStaff.create(school_class=klass, staff=tess)
        maths = Subject.create(name="Maths", code="M")
        bank = CriteriaBank.create(subject=maths, stage=2)
        crit = {n: Criterion.create(bank=bank, subject=maths, number=n, ref=f"M2/{n}", text=f"criterion {n}").id
                for n in range(1, 31)}
        ht1 = HalfTerm.get(HalfTerm.year == year, HalfTerm.number == 1)
        for name in ("Ann", "Ben"):
            pupil = Pupil.create(upn=f"A10000000000{len(ids)}", forename=name, surname="Able", year_group=4,
                                 school_class=klass)
            WorkingStage.create(pupil=pupil, subject=maths, stage=2)
            ids[name] = pupil.id
        for n in range(6, 14):
            CriterionMark.create(pupil=ids["Ann"], criterion=crit[n], half_term=ht1, code="X", staff=tess)
        CriterionMark.create(pupil=ids["Ann"], criterion=crit[1], half_term=ht1, code="/", staff=tess)
        test = HalfTermTest.create(subject=maths, stage=2, number=4, title="Maths stage 2 test 4")
        ids["test"] = test.id
        for position, (number, marks, section, n) in enumerate(QUESTIONS, 1):
            ids[f"q{number}"] = HalfTermQuestion.create(test=test, number=number, position=position, marks=marks,
                                                        section=section, criterion=crit[n]).id
        ids.update({f"M2/{n}": cid for n, cid in crit.items()})
        ids["class"] = klass.id

    write(build)
    return ids


@pytest.fixture
def sheet(school):
    from amtui.db.repo.school import class_by_name, subject_by_name

    return halfterm.load_test_sheet(class_by_name("4B", YEAR), subject_by_name("Maths"), half_term(YEAR, 4))


def codes_in_ht4(pupil: int) -> list[tuple[str, str, str]]:
    ht4 = half_term(YEAR, 4).id
    return [(m.criterion.ref, m.code, m.source) for m in CriterionMark.select(CriterionMark, Criterion)
            .join(Criterion).where(CriterionMark.pupil == pupil, CriterionMark.half_term == ht4)
            .order_by(CriterionMark.id)]


def save(sheet, who: str, *changes: tuple[int, str, int | None]):
    return halfterm.save_marks(identify(who), sheet.half_term, sheet.test,
                               [MarkChange(p, q, m) for p, q, m in changes])


def test_the_sheet_has_the_stages_pupils_the_test_and_where_they_stand(sheet, school):
    assert [p.name for p in sheet.pupils] == ["Ann Able", "Ben Able"]
    assert sheet.stage == 2 and sheet.stages == {2: 2}
    assert [q.number for q in sheet.test.questions] == ["1", "2", "3a", "3b", "4"]
    assert sheet.test.out_of == 9 and sheet.test.sections == ("Number", "Fractions", "Shape")
    assert sheet.test.questions[2].label == "2 marks (M2/4)"
    assert sheet.marks == {} and sheet.lock_by == ""
    ann = sheet.standings[school["Ann"]]
    assert (ann.substage, ann.position, ann.crosses, ann.bank_size) == ("St 2 Emerging", "high", 8, 30)


def test_full_part_and_zero_record_x_line_and_dot_with_the_test_as_source(sheet, school):
    ben = school["Ben"]
    saved = save(sheet, "tess", (ben, school["q1"], 1), (ben, school["q2"], 1), (ben, school["q4"], 0))
    source = f"test:{school['test']}"
    assert codes_in_ht4(ben) == [("M2/1", "X", source), ("M2/2", "/", source), ("M2/5", ".", source)]
    assert {(a.question_id, a.mark) for a in HalfTermAnswer.select()} == {
        (school["q1"], 1), (school["q2"], 1), (school["q4"], 0)}
    assert saved.standings[ben].crosses == 1
    entry = AuditEntry.get(AuditEntry.action == "test.marks")
    assert json.loads(entry.detail)["cells"] == [[ben, "1", 1], [ben, "2", 1], [ben, "4", 0]]


def test_a_blank_records_nothing(sheet, school):
    save(sheet, "tess", (school["Ben"], school["q1"], None))
    assert codes_in_ht4(school["Ben"]) == [] and not HalfTermAnswer.select().exists()


def test_two_questions_on_one_criterion_give_one_code(sheet, school):
    ben = school["Ben"]
    save(sheet, "tess", (ben, school["q3a"], 2))
    save(sheet, "tess", (ben, school["q3b"], 1))
    assert [code for ref, code, _ in codes_in_ht4(ben) if ref == "M2/4"] == ["/", "X"]


def test_a_new_mark_with_the_same_code_appends_nothing(sheet, school):
    ben = school["Ben"]
    save(sheet, "tess", (ben, school["q4"], 1))
    save(sheet, "tess", (ben, school["q4"], 2))
    assert codes_in_ht4(ben) == [("M2/5", "/", f"test:{school['test']}")]
    assert HalfTermAnswer.get(HalfTermAnswer.question == school["q4"]).mark == 2


def test_blanking_an_answer_puts_back_the_code_the_test_replaced(sheet, school):
    ann = school["Ann"]
    save(sheet, "tess", (ann, school["q1"], 1))  # M2/1 was a line from HT1; the test makes it a cross
    save(sheet, "tess", (ann, school["q1"], None))
    assert [code for _, code, _ in codes_in_ht4(ann)] == ["X", "/"]
    assert HalfTermAnswer.get(HalfTermAnswer.question == school["q1"]).mark is None


def test_blanking_leaves_alone_a_code_someone_recorded_after_the_test(sheet, school):
    ann, tess = school["Ann"], identify("tess")
    save(sheet, "tess", (ann, school["q1"], 1))
    write(lambda: CriterionMark.create(pupil=ann, criterion=school["M2/1"], half_term=sheet.half_term.id,
                                       code=".", staff=tess.staff_id))
    save(sheet, "tess", (ann, school["q1"], None))
    assert [code for _, code, _ in codes_in_ht4(ann)] == ["X", "."]


def test_the_sub_stage_comes_from_crosses_never_from_marks(sheet, school):
    ann, ben = school["Ann"], school["Ben"]
    saved = save(sheet, "tess", (ann, school["q1"], 1))  # a 9th cross
    assert (saved.standings[ann].substage, saved.standings[ann].crosses) == ("St 2 Developing", 9)
    saved = save(sheet, "tess", (ben, school["q2"], 1), (ben, school["q3a"], 1), (ben, school["q4"], 2))
    assert (saved.standings[ben].substage, saved.standings[ben].crosses) == ("St 2 Ready", 0)


def test_refused_saves_write_nothing(sheet, school):
    ben = school["Ben"]
    with pytest.raises(EntryRefused, match="more than question 2's 2 marks"):
        save(sheet, "tess", (ben, school["q1"], 1), (ben, school["q2"], 3))
    with pytest.raises(NotAllowed, match="own classes"):
        save(sheet, "jo", (ben, school["q1"], 1))
    write(lambda: HalfTerm.update(locked_at=dt.datetime(2027, 4, 1), lock_reason="moderated")
          .where(HalfTerm.id == sheet.half_term.id).execute())
    with pytest.raises(NotAllowed, match="locked"):
        save(sheet, "tess", (ben, school["q1"], 1))
    assert not HalfTermAnswer.select().exists() and codes_in_ht4(ben) == []
    assert not AuditEntry.select().where(AuditEntry.action != "schema.create").exists()
    save(sheet, "head", (ben, school["q1"], 1))  # SLT may still correct a locked half-term
    assert codes_in_ht4(ben)[0][1] == "X"


def test_a_stage_without_a_test_says_so(school):
    from amtui.db.repo.school import class_by_name, subject_by_name

    found = halfterm.load_test_sheet(class_by_name("4B", YEAR), subject_by_name("Maths"), half_term(YEAR, 5))
    assert found.stage == 2 and found.test is None
    assert [s.name for s in halfterm.subjects_with_tests()] == ["Maths"]
