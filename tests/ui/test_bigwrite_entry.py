"""Pilot tests at 80x24: Big Write for a class: a new piece, r/y/g ratings recorded as evidence,
feedback lines, and the class's tracking record."""

from __future__ import annotations

from textual.widgets import DataTable

from amtui.db.connection import write
from amtui.db.models import BigWriteFeedback, BigWritePiece, BigWriteRating, CriterionMark, HalfTerm
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.dialogs.records import NewPieceDialog
from amtui.ui.screens.bigwrite.sheet import BigWriteScreen
from amtui.ui.widgets.entry_grid import EntryGrid
from pupil_extras import add_extras

SIZE = (80, 24)


def app_for(school, login: str = "tester", **args) -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen="bigwrite", screen_args={"class_name": "4B", **args},
                    today=school.today)


async def pieces_shown(pilot, app, wait_until) -> DataTable:
    await wait_until(pilot, lambda: isinstance(app.screen, BigWriteScreen) and app.screen.state == "bigwrite-pieces")
    return app.screen.query_one("#bigwrite-pieces", DataTable)


async def open_piece(pilot, app, wait_until) -> EntryGrid:
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen.state == "bigwrite-entry" and app.screen.model is not None)
    grid = app.screen.query_one(EntryGrid)
    await wait_until(pilot, lambda: grid.size.height > 0 and grid.text_line(0).strip())
    return grid


async def test_rate_a_piece_r_y_g_as_evidence_and_write_feedback(school, wait_until, text_of):
    extras = add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    w3, w5 = extras.writing_criteria[2], extras.writing_criteria[4]
    app = app_for(school)
    async with app.run_test(size=SIZE) as pilot:
        pieces = await pieces_shown(pilot, app, wait_until)
        assert [str(c) for c in pieces.get_row_at(0)][1:3] == ["A letter home", "Tess Tester"]
        grid = await open_piece(pilot, app, wait_until)
        assert grid.text_line(0).split() == ["Pupil", "(5)", "Target", "1", "Target", "2", "Feedback", "(f",
                                             "to", "write)"]
        assert grid.text_line(5).split()[:4] == ["Zoë", "O'Neill", "W2/3", "·"]
        assert grid.text_line(2).split()[2:] == ["-", "-", "·"]  # Bella has no writing targets
        await pilot.press("down", "r")  # Bella: nothing to rate, and it says so
        assert "Bella Brown has no writing target 1" in text_of(app.screen.query_one("#bigwrite-message"))
        await pilot.press("down", "down", "down")  # Zoë
        assert "W2/3 Writing stage 2 criterion 3" in text_of(app.screen.query_one("#bigwrite-target"))
        await pilot.press("g", "y")
        await wait_until(pilot, lambda: not app.screen.db.busy and BigWriteRating.select().count() == 2)
        assert {(r.criterion_id, r.rating) for r in BigWriteRating.select()} == {(w3, "G"), (w5, "Y")}
        evidence = {(m.criterion_id, m.code, m.source) for m in CriterionMark.select().where(
            CriterionMark.source == f"bigwrite:{extras.piece_id}")}
        assert evidence == {(w3, "X", f"bigwrite:{extras.piece_id}"), (w5, "/", f"bigwrite:{extras.piece_id}")}
        assert grid.text_line(5).split()[2:6] == ["W2/3", "G", "W2/5", "Y"]
        assert grid.text_line(grid.size.height - 1).split()[:3] == ["G/Y/R", "1/0/0", "0/1/0"]
        # Feedback: f opens a line to write, saved for the pupil.
        await pilot.press("f")
        assert isinstance(app.screen, LineDialog)
        await pilot.press(*"Great openers", "enter")
        await wait_until(pilot, lambda: BigWriteFeedback.select().count() == 1)
        assert BigWriteFeedback.get().text == "Great openers" and BigWriteFeedback.get().pupil_id == zoe
        await wait_until(pilot, lambda: "Feedback: Great openers" in text_of(app.screen.query_one("#bigwrite-target")))
        # Space clears a rating, restoring the criterion's code without this piece.
        await pilot.press("left", "space")
        await wait_until(pilot, lambda: not app.screen.db.busy and BigWriteRating.select().count() == 1)
        assert CriterionMark.select().where(CriterionMark.criterion == w3).order_by(
            CriterionMark.id.desc()).first().code == ""

        # The tracking record across the year.
        await pilot.press("escape")
        await pieces_shown(pilot, app, wait_until)
        await pilot.press("t")
        await wait_until(pilot, lambda: app.screen.state == "bigwrite-record")
        table = app.screen.query_one("#bigwrite-record-table", DataTable)
        rows = {str(table.get_row_at(i)[0]): [str(c).strip() for c in table.get_row_at(i)] for i in range(table.row_count)}
        assert rows["Zoë O'Neill"][1:] == ["W2/5 Y", "W2/5"]
        assert "Most often not green: W2/5 (1)" in text_of(app.screen.query_one("#bigwrite-record-summary"))


async def test_set_a_new_piece_then_a_refusal_for_another_class(school, wait_until, text_of):
    add_extras(school)
    app = app_for(school)
    async with app.run_test(size=SIZE) as pilot:
        pieces = await pieces_shown(pilot, app, wait_until)
        await pilot.press("n")
        assert isinstance(app.screen, NewPieceDialog)
        await pilot.press(*"My hero", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BigWriteScreen) and pieces.row_count == 2)
        made = BigWritePiece.select().order_by(BigWritePiece.id.desc()).first()
        assert (made.title, made.written_on, made.created_by_id) == ("My hero", school.today, school.staff["tester"])
    other = app_for(school, class_name="6R")
    async with other.run_test(size=SIZE) as pilot:
        await pieces_shown(pilot, other, wait_until)
        await pilot.press("n")
        await pilot.press(*"Not my class", "enter")
        await wait_until(pilot, lambda: "Not saved" in text_of(other.screen.query_one("#dialog-error")))
        assert "only for your own classes" in text_of(other.screen.query_one("#dialog-error"))
        assert BigWritePiece.select().where(BigWritePiece.title == "Not my class").count() == 0


async def test_a_piece_in_a_locked_half_term_is_read_only_and_says_why(school, wait_until, text_of):
    extras = add_extras(school)
    piece = BigWritePiece.get_by_id(extras.piece_id)
    write(lambda: HalfTerm.update(locked_at=HalfTerm.start, lock_reason="reports sent").where(
        HalfTerm.start <= piece.written_on, HalfTerm.end >= piece.written_on).execute())
    app = app_for(school)
    async with app.run_test(size=SIZE) as pilot:
        await pieces_shown(pilot, app, wait_until)
        await open_piece(pilot, app, wait_until)
        why = "HT4 is locked by SLT (reports sent): its records are read-only. Ask SLT to unlock it."
        assert text_of(app.screen.query_one("#bigwrite-message")) == f"Read-only: {why}"
        await pilot.press("down", "down", "down", "down", "g", "f")  # Zoë: a rating, then feedback
        assert text_of(app.screen.query_one("#bigwrite-message")) == f"Not saved: {why}"
        assert not isinstance(app.screen, LineDialog)
    assert BigWriteRating.select().count() == 0 and BigWriteFeedback.select().count() == 0
    assert not CriterionMark.select().where(CriterionMark.source == f"bigwrite:{extras.piece_id}").exists()


async def test_a_rating_the_rules_refuse_is_put_back_and_says_why(school, wait_until, text_of):
    """The piece's half-term is locked by someone else after the piece was opened: the
    repository refuses the rating, and the cell shows again what it held."""
    add_extras(school)
    app = app_for(school)
    async with app.run_test(size=SIZE) as pilot:
        await pieces_shown(pilot, app, wait_until)
        grid = await open_piece(pilot, app, wait_until)
        half_term = app.screen.model.sheet.half_term
        write(lambda: HalfTerm.update(locked_at=HalfTerm.start, lock_reason="reports").where(
            HalfTerm.id == half_term.id).execute())
        await pilot.press("down", "down", "down", "down")  # Zoë
        before = grid.text_line(5).split()
        await pilot.press("g")
        await app.screen.db.idle()
        assert f"HT{half_term.number} is locked" in text_of(app.screen.query_one("#bigwrite-message"))
        assert grid.text_line(5).split() == before  # the G is taken back
        assert BigWriteRating.select().count() == 0
