"""import returns: every row saved by the return screen's rule, or nothing, with file, line
and reason."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import ProgressReturn, ReturnWindow
from amtui.imports import ImportFailed
from imports.builders import import_text, table_counts
from tests.returns_school import TODAY, Y10, Y11, seed_with_open_returns

HEADER = "return,date,upn,subject,aob,projected,coursework\n"
DAY = f"{TODAY:%d/%m/%Y}"
OPENS, EARLY = TODAY - dt.timedelta(days=7), TODAY - dt.timedelta(days=10)  # "Y11 Now" opened a week ago


@pytest.fixture
def school(opened, tmp_path):
    seed_with_open_returns(tmp_path)
    return tmp_path


def test_returns_are_saved_as_the_group_teachers(school):
    result = import_text(school, "returns", HEADER
                         + f"Y11 Now,{DAY},{Y11[0]},Maths,,6,5\n"
                         + f"y11 now,{DAY},{Y11[2]},Maths,,Grade 4,\n"
                         + f"Y10 Now,{DAY},{Y10[0]},Maths,below,,\n")
    assert result.created == 3
    rows = {(r.pupil.upn, r.window.name): (r.aob, r.projected, r.coursework, r.staff.username)
            for r in ProgressReturn.select()}
    assert rows == {(Y11[0], "Y11 Now"): ("", "6", "5", "maths1"), (Y11[2], "Y11 Now"): ("", "4", "", "maths2"),
                    (Y10[0], "Y10 Now"): ("B", "", "", "maths1")}


@pytest.mark.parametrize("rows, reason", [
    (f"Y11 Never,{DAY},{Y11[0]},Maths,,6,\n", "2: return: there is no return called 'Y11 Never' this year"),
    (f"Y11 Now,{DAY},{Y11[0]},Maths,A,,\n", "2: Y11 Now asks for a projected grade, not A, O or B"),
    (f"Y10 Now,{DAY},{Y10[0]},Maths,,5,\n", "2: Y10 Now asks for A, O or B, not a grade"),
    (f"Y11 Now,{DAY},{Y11[0]},Maths,,,\n", "2: give aob (A, O or B) or projected (a grade)"),
    (f"Y11 Now,{DAY},{Y11[0]},Maths,,11,\n", "2: '11' is not a GCSE grade"),
    (f"Y11 Now,{DAY},{Y10[0]},Maths,,5,\n", "2: Eve Elm is in Year 10; Y11 Now is Year 11's return"),
    (f"Y11 Now,{DAY},{Y11[0]},Maths,,6,\nY11 Now,{DAY},{Y11[0]},maths,,7,\n", "3: Z111000000001 maths in Y11 Now "
                                                                               "is also on line 2"),
    (f"Y11 Now,{DAY},{Y11[0]},Art,,6,\n", "2: there is no subject 'Art'"),
    (f"Y11 Now,31/02/2020,{Y11[0]},Maths,,6,\n", "2: date:"),
    (f"Y11 Now,{DAY},{Y11[3]},History,,6,\n", "2: Dee Dale is in no History teaching group"),
    (f"Y11 Now,{EARLY:%d/%m/%Y},{Y11[0]},Maths,,6,\n",
     f"2: date: Y11 Now opens on {OPENS:%d/%m/%Y}; a return dated {EARLY:%d/%m/%Y} comes before it\n"),
])
def test_a_bad_row_names_its_line_and_nothing_is_imported(school, rows, reason):
    before = table_counts()
    good = f"Y11 Now,{DAY},{Y11[1]},Maths,,5,\n"
    with pytest.raises(ImportFailed) as failed:
        import_text(school, "returns", HEADER + rows + good)
    assert reason in str(failed.value) and "returns.csv:" in str(failed.value)
    assert "Nothing was imported" in str(failed.value)
    after = table_counts()
    assert after["ProgressReturn"] == before["ProgressReturn"] == 0
    assert after["ReturnWindow"] == ReturnWindow.select().count()
