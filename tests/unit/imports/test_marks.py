"""import marks: appended to the record for this year's half-terms, never updated."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import CriterionMark, HalfTerm
from amtui.imports import ImportFailed
from imports.builders import ADMIN, ANN, BOB, import_text, table_counts

HEADER = "upn,subject,ref,half_term,code\n"


def marks() -> list[tuple]:
    return [(m.pupil.upn, m.criterion.ref, m.half_term.number, m.code, m.source, m.staff.username)
            for m in CriterionMark.select().order_by(CriterionMark.id)]


def test_marks_are_appended_with_their_source(school):
    result = import_text(school, "marks", HEADER + f"{ANN},Maths,M2/1,1,x\n"
                         f"{ANN},maths,m2/02,1,/\n{BOB},Reading,R2/3,2,.\n{BOB},R,R2/3,3,\n")
    assert (result.rows, result.created) == (4, 4)
    assert marks() == [(ANN, "M2/1", 1, "X", "import", ADMIN), (ANN, "M2/2", 1, "/", "import", ADMIN),
                       (BOB, "R2/3", 2, ".", "import", ADMIN), (BOB, "R2/3", 3, "", "import", ADMIN)]


def test_a_re_import_appends_again(school):
    import_text(school, "marks", HEADER + f"{ANN},Maths,M2/1,1,/\n")
    import_text(school, "marks", HEADER + f"{ANN},Maths,M2/1,1,X\n")
    assert [m[3] for m in marks()] == ["/", "X"]


@pytest.mark.parametrize("row, reason", [
    ("F261000000009,Maths,M2/1,1,X", "no pupil has UPN F261000000009"),
    (f"{ANN},Maths,M2/1,1,Y", "code 'Y' is not one of . / X (or empty)"),
    (f"{ANN},Maths,M2/1,7,X", "half_term: '7' is not a half-term (1 to 6, or HT1 to HT6)"),
    (f"{ANN},Maths,M2/99,1,X", "Maths has no criterion M2/99"),
    (f"{ANN},Maths,M5/1,1,X", "Maths has no criterion M5/1"),
    (f"{ANN},Art,M2/1,1,X", "there is no subject 'Art'"),
])
def test_bad_rows_are_refused_and_nothing_is_appended(school, row, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(school, "marks", HEADER + f"{BOB},Maths,M2/1,1,X\n" + row + "\n", name="m.csv")
    assert f"{school / 'm.csv'}:3: {reason}" in str(caught.value)
    assert str(caught.value).endswith("Nothing was imported.")
    assert table_counts() == before


def test_a_locked_half_term_refuses_imported_marks(school):
    import_text(school, "marks", HEADER + f"{ANN},Maths,M2/1,2,X\n")
    HalfTerm.update(locked_at=dt.datetime.now()).where(HalfTerm.number == 2).execute()
    with pytest.raises(ImportFailed, match=r"m.csv:2: half-term 2 of \d{4}-\d\d is locked"):
        import_text(school, "marks", HEADER + f"{ANN},Maths,M2/1,2,/\n", name="m.csv")
    assert len(marks()) == 1


def test_earlier_years_marks_go_to_that_years_half_terms(school):
    from amtui.db.models import AcademicYear, CriterionMark, HalfTerm
    from imports.builders import ANN, import_text

    import_text(school, "marks", "upn,subject,ref,half_term,code,year\n"
                f"{ANN},Maths,M2/1,3,X,2023-24\n{ANN},Maths,M2/2,6,/,2024\n")
    stored = {(m.half_term.year.start_year, m.half_term.number, m.code) for m in
              CriterionMark.select().join(HalfTerm).join(AcademicYear)}
    assert stored == {(2023, 3, "X"), (2024, 6, "/")}


def test_a_year_that_is_not_a_year_is_refused(school):
    import pytest

    from amtui.imports import ImportFailed
    from imports.builders import ANN, import_text

    with pytest.raises(ImportFailed, match="marks.csv:2: .*year 'last year'"):
        import_text(school, "marks", f"upn,subject,ref,half_term,code,year\n{ANN},Maths,M2/1,3,X,last year\n")
