"""A pupil's Big Write ratings are read whole at 80 columns: every target's ref and its
R/Y/G letter, in target order, the piece's title giving way to them."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import BigWriteRating
from amtui.ui.screens.pupil.page import PupilScreen
from meeting_pilot import screen_text
from pupil_extras import add_extras

RATED = {3: "G", 5: "R", 11: "Y", 17: "G", 24: "Y"}  # W2/n -> rating, five targets' worth


async def test_five_ratings_and_a_long_title_fit_80_columns(make_app, school, wait_until):
    extras = add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]

    def rate() -> None:
        from amtui.db.models import BigWritePiece
        BigWritePiece.update(title="A letter home to the headteacher about the school garden").where(
            BigWritePiece.id == extras.piece_id).execute()
        for number, rating in RATED.items():
            BigWriteRating.create(piece=extras.piece_id, pupil=zoe, criterion=extras.writing_criteria[number - 1],
                                  rating=rating, staff=school.staff["tester"])

    write(rate)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.session is not None)
        app.open_screen("pupil", pupil_id=zoe)
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        await pilot.press("5")
        await wait_until(pilot, lambda: "piece(s)" in screen_text(app))
        row = next(line for line in screen_text(app).splitlines() if "A letter" in line)
    # Zoë's targets W2/3 then W2/5 come first, then the others by number.
    shown = [f"W2/{n} {RATED[n]}" for n in (3, 5, 11, 17, 24)]
    positions = [row.find(text) for text in shown]
    assert -1 not in positions, row
    assert positions == sorted(positions), row
    assert len(row.rstrip()) <= 80 and "…" in row  # the title is the one cut
