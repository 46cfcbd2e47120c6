"""``amtui import halfterm-tests``: questions with marks, sections and criterion refs."""

from __future__ import annotations

import csv

import pytest

from amtui.db.connection import write
from amtui.db.models import HalfTermAnswer, HalfTermQuestion, HalfTermTest, HalfTerm, Pupil
from amtui.imports import ImportFailed, run_import
from amtui.paths import data_file
from imports.builders import ADMIN, import_text, table_counts

HEADER = "subject,stage,half_term,question,marks,section,ref\n"
TEST = HEADER + ("Maths,2,1,1,1,Number,M2/1\n"
                 "Maths,2,1,2a,2,Fractions,L2/4\n"
                 "Maths,2,1,2b,1,Fractions,M2/17\n"
                 "Maths,2,HT1,3,3,,M/5\n")


def questions(subject_stage_number=("Maths", 2, 1)) -> list[tuple]:
    _, stage, number = subject_stage_number
    return [(q.number, q.position, q.marks, q.section, q.criterion.ref) for q in HalfTermQuestion.select()
            .join(HalfTermTest).where(HalfTermTest.stage == stage, HalfTermTest.number == number)
            .order_by(HalfTermQuestion.position)]


def test_a_test_is_imported_in_file_order_with_refs_as_printed(school):
    result = import_text(school, "halfterm-tests", TEST)
    assert (result.created, result.updated) == (4, 0)
    test = HalfTermTest.get()
    assert (test.stage, test.number, test.title) == (2, 1, "Maths stage 2 test 1")
    # L2/4 is stage 2 criterion 4 of the subject's bank; M/5 means the test's stage
    assert questions() == [("1", 1, 1, "Number", "M2/1"), ("2a", 2, 2, "Fractions", "M2/4"),
                           ("2b", 3, 1, "Fractions", "M2/17"), ("3", 4, 3, "", "M2/5")]


def test_importing_again_replaces_the_questions(school):
    import_text(school, "halfterm-tests", TEST)
    again = import_text(school, "halfterm-tests", HEADER + "Maths,2,1,1,2,Number,M2/1\nMaths,2,1,4,1,Data,M2/28\n")
    assert (again.created, again.updated) == (1, 1)
    assert questions() == [("1", 1, 2, "Number", "M2/1"), ("4", 2, 1, "Data", "M2/28")]
    assert "1 new, 1 updated" in again.summary


@pytest.mark.parametrize(("row", "says"), [
    ("Maths,9,1,1,1,Number,M2/1", "stage from 0 to 7"),
    ("Maths,2,7,1,1,Number,M2/1", "half_term: '7' is not a half-term (1 to 6, or HT1 to HT6)"),
    ("Maths,2,1,one,1,Number,M2/1", "question number"),
    ("Maths,2,1,1,0,Number,M2/1", "marks: 0 is outside 1 to 20"),
    ("Maths,2,1,1,1,Number,M2/31", "Maths has no criterion 31 at stage 2"),
    ("Maths,2,1,1,1,Number,M4/1", "no criterion 1 at stage 4"),
    ("Maths,2,1,1,1,Number,2/4", "not a criterion ref"),
    ("Art,2,1,1,1,Number,M2/1", "there is no subject 'Art'"),
])
def test_bad_rows_are_refused_with_the_line_and_nothing_is_imported(school, row, says):
    before = table_counts()
    with pytest.raises(ImportFailed) as failed:
        import_text(school, "halfterm-tests", HEADER + "Maths,2,1,9,1,Number,M2/9\n" + row + "\n")
    assert says in str(failed.value) and "halfterm-tests.csv:3:" in str(failed.value)
    assert table_counts() == before


def test_a_question_twice_in_one_test_is_refused(school):
    with pytest.raises(ImportFailed, match="question 1 of Maths stage 2 HT1 is also on line 2"):
        import_text(school, "halfterm-tests", HEADER + "Maths,2,1,1,1,Number,M2/1\nMaths,2,1,1,1,Number,M2/2\n")


def test_an_answered_test_keeps_its_questions_but_may_change_sections(school):
    import_text(school, "halfterm-tests", TEST)
    question = HalfTermQuestion.get(HalfTermQuestion.number == "1")

    def answer() -> None:
        ht1 = HalfTerm.select().order_by(HalfTerm.id).first()
        HalfTermAnswer.create(pupil=Pupil.select().first(), question=question, half_term=ht1, mark=1)

    write(answer)
    with pytest.raises(ImportFailed, match="already has pupils' answers"):
        import_text(school, "halfterm-tests", TEST.replace("Maths,2,1,1,1,Number", "Maths,2,1,1,2,Number"))
    renamed = import_text(school, "halfterm-tests", TEST.replace(",Number,", ",Place value,"))
    assert renamed.updated == 1 and questions()[0][3] == "Place value"
    assert HalfTermAnswer.select().count() == 1


def test_the_shipped_sample_tests_import_into_the_shipped_banks(opened, tmp_path):
    import_text(tmp_path, "staff", "username,name,roles\nadmin,Ada Admin,admin\n")
    run_import("criteria", data_file("criteria_banks.csv"), ADMIN)
    result = run_import("halfterm-tests", data_file("halfterm_tests.csv"), ADMIN)
    with open(data_file("halfterm_tests.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert result.created == len(rows) == HalfTermQuestion.select().count()
    maths = {(t.stage, t.number): t.questions.count() for t in HalfTermTest.select()}
    assert set(maths) == {(stage, number) for stage in range(8) for number in range(1, 7)}
    assert all(10 <= count <= 20 for count in maths.values())
    assert {q.section for q in HalfTermQuestion.select()} >= {"Number", "Calculation", "Fractions", "Shape"}
