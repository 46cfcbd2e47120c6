"""A pupil's whole target history on the secondary demo at 80x24: after eight changes of a Year
11 pupil's Maths targets (SLT, on the AMT, on the KS4 target: raised, lowered with a reason,
raised again; their teacher on the end-of-year one), the Targets tab shows the newest two and
says how to see them all; ``h`` lists every change, newest first, with who, when, from, to and
why, as the database holds them, and scrolls to the oldest."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, OptionList

from amtui.db.models import LongTermTarget, Pupil, Staff, Subject
from amtui.db.repo.grade_targets import set_target
from amtui.db.repo.staff import identify
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.pupil.page import PupilScreen
from amtui.ui.screens.pupil.target_history import TargetHistoryScreen
from meeting_pilot import screen_text
from test_pupil_grade_targets import maths_teacher, stored

TODAY = dt.date(2026, 11, 30)  # the secondary demo's day
SLT = "mokafor"  # Margaret Okafor: SLT and the Assertive Mentoring team


def with_room_to_raise() -> Pupil:
    """A Year 11 pupil whose Maths KS4 target can go up two grades and their year target three."""
    for pupil in Pupil.select().where(Pupil.year_group == 11).order_by(Pupil.surname, Pupil.forename, Pupil.id):
        if int(stored(pupil, "ks4")[-1]) <= 7 and int(stored(pupil, "year")[-1]) <= 6:
            return pupil
    raise AssertionError("the demo has no Year 11 pupil with room to raise their Maths targets")


def history_rows(pupil: Pupil) -> list[tuple[str, str, str, str]]:
    """(kind, label, who, why) of the pupil's Maths targets in the database, newest first."""
    maths = Subject.get(Subject.name == "Maths")
    rows = (LongTermTarget.select(LongTermTarget.kind, LongTermTarget.substage, Staff.name, LongTermTarget.reason)
            .join(Staff, on=(LongTermTarget.set_by == Staff.id))
            .where((LongTermTarget.pupil == pupil) & (LongTermTarget.subject == maths))
            .order_by(LongTermTarget.id.desc()).tuples())
    return list(rows)


async def test_every_change_shows_newest_first_with_who_when_from_to_and_why(secondary_demo, wait_until, text_of):
    pupil = with_room_to_raise()
    teacher = maths_teacher(pupil)
    k, y = int(stored(pupil, "ks4")[-1]), int(stored(pupil, "year")[-1])
    maths = Subject.get(Subject.name == "Maths").id
    for login, kind, new, why in ((SLT, "ks4", k + 1, "Strong mock"), (teacher, "year", y + 1, ""),
                                  (SLT, "ks4", k, "moved set"), (teacher, "year", y + 2, ""),
                                  (SLT, "ks4", k + 2, "Back up a set"), (teacher, "year", y + 3, ""),
                                  (SLT, "ks4", k + 1, "Second thoughts"), (SLT, "ks4", k + 2, "Mock results")):
        set_target(identify(login), pupil.id, maths, kind, str(new), why, TODAY)
    teacher_name = Staff.get(Staff.username == teacher).name
    day = f"{dt.date.today():%d %b %Y}"  # when they were made
    newest = [
        f"KS4 · {day} Margaret Okafor raised from {k + 1} to {k + 2}\n  Why: Mock results",
        f"KS4 · {day} Margaret Okafor lowered from {k + 2} to {k + 1}\n  Why: Second thoughts",
        f"Year · {day} {teacher_name} raised from {y + 2} to {y + 3}",
        f"KS4 · {day} Margaret Okafor raised from {k} to {k + 2}\n  Why: Back up a set",
        f"Year · {day} {teacher_name} raised from {y + 1} to {y + 2}",
        f"KS4 · {day} Margaret Okafor lowered from {k + 1} to {k}\n  Why: moved set",
        f"Year · {day} {teacher_name} raised from {y} to {y + 1}",
        f"KS4 · {day} Margaret Okafor raised from {k} to {k + 1}\n  Why: Strong mock",
    ]
    in_db = history_rows(pupil)
    assert len(in_db) == 10  # the demo's two, and the eight
    app = AmtuiApp(secondary_demo, teacher, screen="pupil", today=TODAY,
                   screen_args={"pupil_id": pupil.id, "tab": "targets"})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        table = app.screen.query_one("#long-term", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0)
        table.move_cursor(row=next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == "Maths"))
        table.focus()
        await wait_until(pilot, lambda: "h: the whole history (10 changes" in text_of(app.screen.query_one("#target-history")))
        inline = text_of(app.screen.query_one("#target-history")).splitlines()
        assert inline[:2] == [f"KS4: {day} Margaret Okafor raised from {k + 1} to {k + 2}: Mock results",
                              f"KS4: {day} Margaret Okafor lowered from {k + 2} to {k + 1}: Second thoughts"]
        assert all(len(line) <= 80 for line in screen_text(app).splitlines())

        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, TargetHistoryScreen))
        history = app.screen
        listed = history.query_one("#history-list", OptionList)
        shown = [str(listed.get_option_at_index(i).prompt.plain) for i in range(listed.option_count)]
        assert shown[:8] == newest
        assert len(shown) == len(in_db)  # every change the database holds, one each
        # the same order as the database, newest first: each change's new target and why
        assert [(line.split(" · ")[0], line.split("\n")[0].rsplit(" ", 1)[1]) for line in shown] == [
            ({"ks4": "KS4", "year": "Year"}[kind], label) for kind, label, _, _ in in_db]
        assert [why for _, _, _, why in in_db][:8] == ["Mock results", "Second thoughts", "", "Back up a set", "",
                                                       "moved set", "", "Strong mock"]
        text = screen_text(app)
        assert f"{pupil.forename} {pupil.surname} · Maths targets · 10 changes, newest first" in text
        assert "Why: Mock results" in text and "set to" not in text  # the oldest are below, out of sight
        await pilot.press("end")  # scrolls to the oldest
        await wait_until(pilot, lambda: "set to" in screen_text(app))
        assert "Why: Mock results" not in screen_text(app)
        assert all(len(line) <= 80 for line in screen_text(app).splitlines())
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen))
