"""A half-term test mark or a Big Write rating that takes a cross away says so, in the
save's result and on screen; a half-term test's blank is "-", never the code "."; and the
grids other than the class grid say when the cursor wraps to the next pupil."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import CriterionMark, HalfTerm
from amtui.db.repo import halfterm as repo
from amtui.db.repo.staff import identify
from pupil_extras import add_extras
from test_attitude_entry import app_for as attitude_app, loaded as attitude_loaded
from test_bigwrite_entry import app_for as bigwrite_app, open_piece, pieces_shown
from test_halfterm import SIZE, line_of, open_test, ready, shown, test_school  # noqa: F401 (a fixture)


async def test_a_zero_on_a_crossed_criterion_says_which_cross_went(test_school, wait_until):
    school = test_school  # Zoë has M2/1 to M2/3 as X from HT1
    async with open_test(school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        assert line_of(screen, "Zoë O'Neill").split()[4:6] == ["0/9", "-"]  # nothing entered yet
        await pilot.press("down", "down", "down", "0")  # Zoë, question 1 (M2/1): 0 marks
        await screen.db.idle()
        assert "Zoë O'Neill: M2/1 lowered from X to ." in shown(screen)


def test_the_save_returns_the_crosses_it_lowered(test_school):
    school = test_school
    zoe, adam = school.pupils["Zoë O'Neill"], school.pupils["Adam Ash"]
    sheet = repo.find_test_sheet(None, "4B", "Maths", 4, None, school.today)
    q1 = sheet.test.questions[0]
    saved = repo.save_marks(identify("tester"), sheet.half_term, sheet.test,
                            [repo.MarkChange(zoe, q1.id, 0), repo.MarkChange(adam, q1.id, 0)])
    assert [str(item) for item in saved.lowered] == ["Zoë O'Neill: M2/1 lowered from X to ."]
    again = repo.save_marks(identify("tester"), sheet.half_term, sheet.test, [repo.MarkChange(zoe, q1.id, 1)])
    assert again.lowered == ()  # full marks: the cross is back, nothing lowered


async def test_a_red_rating_on_a_crossed_target_says_which_cross_went(school, wait_until, text_of):
    extras = add_extras(school)
    zoe, w3 = school.pupils["Zoë O'Neill"], extras.writing_criteria[2]

    def crossed() -> None:
        ht1 = HalfTerm.get(HalfTerm.number == 1, HalfTerm.start <= school.today)
        CriterionMark.create(pupil=zoe, criterion=w3, half_term=ht1, code="X")

    write(crossed)
    app = bigwrite_app(school)
    async with app.run_test(size=SIZE) as pilot:
        await pieces_shown(pilot, app, wait_until)
        await open_piece(pilot, app, wait_until)
        await pilot.press("down", "down", "down", "down", "r")  # Zoë's W2/3: red is "."
        await wait_until(pilot, lambda: not app.screen.db.busy
                         and "lowered" in text_of(app.screen.query_one("#bigwrite-message")))
        assert "Zoë O'Neill: W2/3 lowered from X to ." in text_of(app.screen.query_one("#bigwrite-message"))


async def test_the_attitude_grid_says_when_the_cursor_wraps(school, wait_until, text_of):
    app = attitude_app(school, class_name="4B")
    async with app.run_test(size=SIZE) as pilot:
        grid = await attitude_loaded(pilot, app, wait_until)
        await pilot.press("end", "g")  # Adam's last column: on to Bella's row
        assert grid.cursor[0] == 1
        await wait_until(pilot, lambda: "Next pupil: Bella Brown" in text_of(app.screen.query_one("#attitude-message")))
        assert grid.wrapped_row == 1


async def test_the_half_term_grid_says_when_the_cursor_wraps_to_the_next_question(test_school, wait_until):
    async with open_test(test_school).run_test(size=SIZE) as pilot:
        screen = await ready(pilot, wait_until)
        pupils = len(screen.sheet.pupils)
        await pilot.press(*["x"] * pupils)  # down question 1 to the last pupil, then the top of question 2
        await screen.db.idle()
        assert screen.grid.cursor[0] == 0
        assert "Next column: 2, from the top (Adam Ash)" in shown(screen)
