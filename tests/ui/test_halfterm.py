"""The half-term test grid with the Pilot at 80x24: marks in, codes, totals and sub-stage out."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Static

from amtui.db.connection import write
from amtui.db.models import (
    AuditEntry, CriteriaBank, Criterion, CriterionMark, HalfTerm, HalfTermAnswer, HalfTermQuestion,
    HalfTermTest, Subject, WorkingStage,
)
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.halfterm.sheet import HalfTermScreen

SIZE = (80, 24)
# number, marks, section, criterion number (3a and 3b both test M2/4)
QUESTIONS = [("1", 1, "Number", 1), ("2", 2, "Number", 2), ("3a", 2, "Fractions", 4),
             ("3b", 1, "Fractions", 4), ("4", 3, "Shape", 5)]


@pytest.fixture
def test_school(school):
    """4B's Adam, Bella, Callum and Zoë in Maths stage 2, and the stage 2 test for HT4 (now)."""

    def fill() -> None:
        maths = Subject.get(Subject.name == "Maths")
        for name in ("Adam Ash", "Bella Brown", "Callum Cole"):
            WorkingStage.create(pupil=school.pupils[name], subject=maths, stage=2)
        WorkingStage.create(pupil=school.pupils["Dara Doyle"], subject=maths, stage=3)
        bank = CriteriaBank.get(CriteriaBank.subject == maths, CriteriaBank.stage == 2)
        test = HalfTermTest.create(subject=maths, stage=2, number=4, title="Maths stage 2 test 4")
        for position, (number, marks, section, n) in enumerate(QUESTIONS, 1):
            HalfTermQuestion.create(test=test, number=number, position=position, marks=marks, section=section,
                                    criterion=Criterion.get(Criterion.bank == bank, Criterion.number == n))
        school.test_id = test.id

    write(fill)
    return school


def open_test(school, login: str = "tester") -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen="halfterm", today=school.today, screen_args={"class_name": "4B"})


async def ready(pilot, wait_until) -> HalfTermScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HalfTermScreen) and pilot.app.screen.sheet)
    return pilot.app.screen


def shown(screen: HalfTermScreen) -> str:
    grid = screen.grid
    parts = [str(screen.query_one("#halfterm-title", Static).render())]
    parts += [grid.text_line(y) for y in range(grid.size.height)]
    parts += [str(screen.query_one(f"#halfterm-{name}", Static).render())
              for name in ("detail", "pupil", "sections", "message")]
    return "\n".join(parts)


def line_of(screen: HalfTermScreen, name: str) -> str:
    return next(line for line in shown(screen).splitlines() if line.startswith(name))


def codes(school, name: str) -> list[tuple[str, str]]:
    """(ref, code) recorded in HT4 by the test, oldest first."""
    return [(m.criterion.ref, m.code) for m in CriterionMark.select(CriterionMark, Criterion).join(Criterion)
            .join_from(CriterionMark, HalfTerm)
            .where(CriterionMark.pupil == school.pupils[name], HalfTerm.number == 4,
                   CriterionMark.source == f"test:{school.test_id}").order_by(CriterionMark.id)]


async def test_marks_give_codes_totals_and_the_sub_stage_from_crosses(test_school, wait_until):
    school = test_school
    async with open_test(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        text = shown(screen)
        assert "4B · Maths stage 2 · HT4 test · 4 pupils · 5 qs, 9 marks · moving down" in text
        assert "Dara" not in text  # stage 3: another test
        assert line_of(screen, "Zoë O'Neill").split()[:4] == ["Zoë", "O'Neill", "2E", "low"]
        # down the first question: a mark, a zero, not attempted, full marks
        await pilot.press("1", "0", "space", "x")
        assert screen.grid.cursor == (0, 4)  # on to the top of question 2
        await pilot.press("d")  # now along Adam's row
        assert "moving across" in shown(screen)
        await pilot.press("1", "x", "2")  # 2 is more than question 3b's 1 mark
        assert "2 is more than question 3b's 1 mark (M2/4): not saved." in shown(screen)
        await pilot.press("1", "3")
        await screen.db.idle()
        adam = line_of(screen, "Adam Ash").split()
        assert adam[:5] == ["Adam", "Ash", "2E", "low", "8/9"]
        assert adam[5:10] == ["1X", "1/", "2X", "1X", "3X"]
        assert screen.grid.cursor == (1, 3)  # along the row, then on to Bella's first question
        await pilot.press("up")
        assert "Adam Ash · total 8/9 · now 2E low (3 of 30 crosses)" in shown(screen)
        assert "Sections: Numb 2/3  Frac 3/3  Shap 3/3" in shown(screen)
        assert line_of(screen, "Bella Brown").split()[2:5] == ["2R", "0/9", "0."]
        assert line_of(screen, "Full marks").split() == ["Full", "marks", "2", "0", "1", "1", "1"]
    assert codes(school, "Adam Ash") == [("M2/1", "X"), ("M2/2", "/"), ("M2/4", "/"), ("M2/4", "X"), ("M2/5", "X")]
    assert codes(school, "Bella Brown") == [("M2/1", ".")]
    assert codes(school, "Callum Cole") == []  # not attempted: no code at all
    assert codes(school, "Zoë O'Neill") == [("M2/1", "X")]
    assert HalfTermAnswer.select().where(HalfTermAnswer.pupil == school.pupils["Adam Ash"]).count() == 5
    assert AuditEntry.select().where(AuditEntry.action == "test.marks").count() == 8  # one a keystroke saved


async def test_full_marks_for_a_block_and_delete_blanks_it_again(test_school, wait_until):
    school = test_school
    async with open_test(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("shift+down", "shift+down", "shift+down", "x")
        await screen.db.idle()
        assert all(line_of(screen, name).split()[5] == "1X"
                   for name in ("Adam Ash", "Bella Brown", "Callum Cole", "Zoë O'Neill"))
        assert codes(school, "Callum Cole") == [("M2/1", "X")]
        await pilot.press("delete")
        await screen.db.idle()
        assert line_of(screen, "Zoë O'Neill").split()[4:6] == ["0/9", "-"]  # nothing entered: "-", never the code "."
        # the test's cross is taken back: Zoë's HT1 cross is what she has again
        assert codes(school, "Zoë O'Neill") == [("M2/1", "X"), ("M2/1", "X")]
        assert HalfTermAnswer.get(HalfTermAnswer.pupil == school.pupils["Zoë O'Neill"]).mark is None


async def test_a_locked_half_term_and_another_class_refuse_with_the_reason(test_school, wait_until):
    school = test_school
    write(lambda: HalfTerm.update(locked_at=dt.datetime(2027, 3, 1), lock_reason="moderated",
                                  locked_by=None).where(HalfTerm.number == 4).execute())
    async with open_test(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        assert "LOCKED by SLT" in shown(screen)
        assert "Read-only: HT4 is locked by SLT (moderated): its records are read-only." in shown(screen)
        await pilot.press("x")
        assert "HT4 is locked by SLT (moderated): its records are read-only." in shown(screen)
        await pilot.press("q")
    assert not HalfTermAnswer.select().exists()
    write(lambda: HalfTerm.update(locked_at=None).where(HalfTerm.number == 4).execute())
    async with open_test(school, login="jsmith").run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("1")
        assert "You may edit marks only for your own classes." in shown(screen)
    assert not HalfTermAnswer.select().exists()


async def test_next_half_terms_test_waits_until_it_starts(test_school, wait_until):
    school = test_school
    write(lambda: HalfTermTest.update(number=5).where(HalfTermTest.id == school.test_id).execute())
    ht5 = HalfTerm.get(HalfTerm.number == 5)
    app = AmtuiApp(school.opened, "tester", screen="halfterm", today=school.today,
                   screen_args={"class_name": "4B", "half_term": 5})
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        why = f"HT5 has not started yet: it starts on {ht5.start:%a %d %b %Y}."
        assert f"Read-only: {why}" in shown(screen)
        await pilot.press("1")
        assert why in shown(screen) and screen.source.marks == {}
    assert not HalfTermAnswer.select().exists() and not CriterionMark.select().where(
        CriterionMark.source == f"test:{school.test_id}").exists()


async def test_another_stage_is_another_test(test_school, wait_until):
    async with open_test(test_school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.press("s")
        await pilot.press("down", "enter")  # stage 3: Dara
        await wait_until(pilot, lambda: screen.sheet.stage == 3)
        assert "4B · Maths stage 3 · HT4: no test yet (amtui import halfterm-tests FILE.csv)" in shown(screen)
        await pilot.press("x")
        assert "There is nothing to enter here." in shown(screen)
