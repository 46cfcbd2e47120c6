"""The weekly sheet and its year, Big Write and the parents' evening sheet list the class as
it is on the app's day, not on the real date: a pupil who changes class between
the two is where the day the screens are showing puts them."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from small_school import build  # noqa: E402

from amtui.db.connection import write  # noqa: E402
from amtui.db.models import AcademicYear  # noqa: E402
from amtui.db.repo import bigwrite, bigwrite_record, membership  # noqa: E402
from amtui.db.repo import weekly, weekly_overview  # noqa: E402
from amtui.db.repo.staff import identify  # noqa: E402
from amtui.domain.score_entry import school_week  # noqa: E402
from amtui.reports.parents_evening import evening_rows  # noqa: E402

CALLUM = "Callum Cole"


@pytest.fixture
def moved(tmp_path):
    """The small school with Callum moved from 4B to 6R: on the pinned day itself when the real
    date is before it (so only the pinned day has him in 6R), else the day after it (so only
    the pinned day has him still in 4B). Returns (school, whether 4B has him on the pinned day)."""
    made = build(tmp_path / "school.db")
    pinned, real = made.today, dt.date.today()
    if real == pinned:
        pytest.skip("the real date is the pinned day: nothing tells them apart")
    move_on = pinned if real < pinned else pinned + dt.timedelta(days=1)
    callum = made.pupils[CALLUM]

    def move() -> None:
        year = AcademicYear.get(AcademicYear.start_year == made.start_year).id
        membership.place(callum, year, made.classes["4B"], 4, membership.year_span(made.start_year)[0])
        membership.place(callum, year, made.classes["6R"], 4, move_on)

    write(move)
    yield made, real > pinned
    made.opened.db.close()


def test_each_class_list_is_the_class_on_the_pinned_day(moved):
    made, in_4b = moved
    day, callum = made.today, made.pupils[CALLUM]
    c4, c6 = made.classes["4B"], made.classes["6R"]

    teacher = {c4: identify("tester"), c6: identify("jsmith")}

    def has(class_id: int) -> dict[str, bool]:
        sheet = weekly.weekly_sheet(class_id, school_week(day), day)
        overview = weekly_overview.class_overview(class_id, day)
        record = bigwrite_record.class_record(class_id, made.start_year, day)
        piece = bigwrite.create_piece(teacher[class_id], class_id, day, "My hero")
        evening = evening_rows(class_id, today=day)
        return {"weekly sheet": callum in {r.pupil_id for r in sheet.rows},
                "weekly overview": callum in {r.pupil_id for r in overview.rows},
                "Big Write record": callum in {p.id for p in record.pupils},
                "Big Write piece": callum in {r.pupil.id for r in bigwrite.load_piece(piece.id).rows},
                "parents' evening": callum in {r.file.summary.pupil.id for r in evening}}

    assert has(c4) == dict.fromkeys(has(c4), in_4b)
    assert has(c6) == dict.fromkeys(has(c6), not in_4b)

