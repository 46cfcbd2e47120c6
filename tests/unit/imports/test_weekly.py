"""import weekly: one sitting per pupil and date (corrections update); first level set."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import Pupil, WeeklyLevel, WeeklyResult
from amtui.domain.settings import Settings
from amtui.imports import ImportFailed
from imports.builders import ANN, BOB, import_text, table_counts

HEADER = "upn,date,level,test,score\n"


def results(upn: str) -> list[tuple]:
    return [(r.sat_on, r.level, r.test, r.score) for r in WeeklyResult.select().join(Pupil)
            .where(Pupil.upn == upn).order_by(WeeklyResult.sat_on)]


def test_results_import_and_a_first_level_starts_at_the_earliest_sitting(school):
    result = import_text(school, "weekly", HEADER + f"{ANN},09/10/2026,L2,2,a\n"
                         f"{ANN},2026-10-02,Level 2,1,21\n{ANN},16/10/2026,level 2,3,\n"
                         f"{BOB},2026-10-02,b2-3,5,absent\n")
    assert result.created == 4
    assert results(ANN) == [(dt.date(2026, 10, 2), "Level 2", 1, 21),
                            (dt.date(2026, 10, 9), "Level 2", 2, None),
                            (dt.date(2026, 10, 16), "Level 2", 3, None)]
    levels = {(r.pupil.upn, r.level, r.started_on) for r in WeeklyLevel.select()}
    assert levels == {(ANN, "Level 2", dt.date(2026, 10, 2)),
                      (BOB, "Bridging 2-3", dt.date(2026, 10, 2))}


def test_a_re_import_corrects_a_sitting_and_follows_the_history_to_its_level(school):
    import_text(school, "weekly", HEADER + f"{ANN},2026-10-02,Level 2,1,12\n")
    again = import_text(school, "weekly", HEADER + f"{ANN},2026-10-02,Level 2,1,21\n"
                        f"{ANN},2026-10-09,Level 3,1,20\n")
    assert (again.created, again.updated) == (1, 1)
    assert [r[3] for r in results(ANN)] == [21, 20]
    assert [(r.level, r.started_on) for r in WeeklyLevel.select().order_by(WeeklyLevel.started_on)] == [
        ("Level 2", dt.date(2026, 10, 2)), ("Level 3", dt.date(2026, 10, 9))]


def test_a_history_across_a_promotion_leaves_the_pupil_at_its_level_and_next_test(school):
    """Five greens at Level 2, promoted, then tests 1 and 2 at Level 3: next is Level 3 test 3."""
    from amtui.db.repo.weekly import histories, next_test_at

    rows = [f"{ANN},{dt.date(2026, 9, 11) + dt.timedelta(weeks=n):%Y-%m-%d},Level 2,{n + 1},22" for n in range(5)]
    rows += [f"{ANN},2026-10-16,Level 3,1,18", f"{ANN},2026-10-23,Level 3,2,23"]
    import_text(school, "weekly", HEADER + "\n".join(rows) + "\n")
    import_text(school, "weekly", HEADER + f"{ANN},2026-09-11,Level 2,1,22\n")  # again: nothing new
    ann = Pupil.get(Pupil.upn == ANN).id
    levels, sittings = histories([ann], None)
    assert levels[ann] == [(dt.date(2026, 9, 11), "Level 2"), (dt.date(2026, 10, 16), "Level 3")]
    since, level = levels[ann][-1]
    assert next_test_at(sittings[ann], level, since, Settings()) == 3


def test_a_promotion_confirmed_after_the_history_stands(school):
    import_text(school, "weekly", HEADER + f"{ANN},2026-10-02,Level 2,1,22\n")
    ann = Pupil.get(Pupil.upn == ANN).id
    WeeklyLevel.create(pupil=ann, level="Level 3", started_on=dt.date(2026, 10, 5))
    import_text(school, "weekly", HEADER + f"{ANN},2026-09-25,Level 2,5,23\n")
    assert [r.level for r in WeeklyLevel.select().order_by(WeeklyLevel.started_on)][-1] == "Level 3"


@pytest.mark.parametrize("row, reason", [
    (f"{ANN},2026-10-09,Level 2,2,26", "score: 26 is outside 0 to 25"),
    (f"{ANN},31/02/2026,Level 2,2,20", "date: '31/02/2026' is not a date"),
    (f"{ANN},2026-10-09,Level 9,2,20", "level: 'Level 9' is not a weekly test level"),
    (f"{ANN},2026-10-09,Level 2,16,20", "test: 16 is outside 1 to 15"),
    (f"{ANN},2026-10-09,Level 2,two,20", "test: 'two' is not a whole number"),
    (f"{ANN},2026-10-02,Level 2,2,20", "X011000000001 on 02/10/2026 is also on line 2"),
    ("F261000000009,2026-10-09,Level 2,2,20", "no pupil has UPN F261000000009"),
])
def test_bad_rows_are_refused(school, row, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(school, "weekly", HEADER + f"{ANN},2026-10-02,Level 2,1,21\n" + row + "\n",
                    name="w.csv")
    assert f"{school / 'w.csv'}:3: {reason}" in str(caught.value)
    assert table_counts() == before
