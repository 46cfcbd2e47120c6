"""What reaches the terminal is clean: a name stored with escape sequences before amtui
refused them is drawn visibly, and a field will not take a control character."""

from __future__ import annotations

from rich.console import Console

from amtui.db.connection import write
from amtui.db.models import Pupil
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.class_grid import ClassGridScreen

HOSTILE = "Adam\x1b]0;owned\x07\x1b[2J"


def sent_to_terminal(app: AmtuiApp) -> str:
    """Everything a full redraw of the screen writes to the terminal, as the driver gets it."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(Console(color_system="truecolor", force_terminal=True, width=80))


async def test_the_grid_sends_no_escape_sequence_from_a_name(school, wait_until):
    write(lambda: Pupil.update(forename=HOSTILE).where(Pupil.id == school.pupils["Adam Ash"]).execute())
    app = AmtuiApp(school.opened, "tester", screen="class_grid",
                   screen_args={"class_name": "4B", "subject": "Reading"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        await pilot.pause()
        sent = sent_to_terminal(app)
    assert "Adam^[" in sent  # the name is there, its escapes drawn
    assert "\x1b]0;owned" not in sent and "\x07" not in sent
    assert "\x1b[2J" not in sent


