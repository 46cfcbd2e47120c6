"""The class grid's footer is composed once as the grid opens, not at every 'keys may have
changed', and again when what it shows does change (d: the direction)."""

from __future__ import annotations

from textual.widgets import Footer

from amtui.ui.widgets.steady_footer import SteadyFooter
from test_class_grid import grid_school, open_grid, ready  # noqa: F401


def footer_text(screen) -> str:
    return " ".join(str(key.render()) for key in screen.query_one(SteadyFooter).children)


async def test_the_grids_footer_is_composed_once_and_again_only_when_its_keys_change(
        grid_school, wait_until, monkeypatch):
    composed = []
    original = Footer.recompose

    async def recompose(self):
        composed.append(type(self))
        await original(self)

    monkeypatch.setattr(Footer, "recompose", recompose)
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.pause(0.3)
        assert composed.count(SteadyFooter) == 1  # Textual's footer composed six times here
        assert "Across" in footer_text(screen) and "Undo" in footer_text(screen)
        screen.refresh_bindings()  # nothing changed: nothing composed again
        await pilot.pause(0.2)
        assert composed.count(SteadyFooter) == 1
        await pilot.press("d")
        await wait_until(pilot, lambda: "Down" in footer_text(screen))
        assert composed.count(SteadyFooter) == 2 and "Across" not in footer_text(screen)
