"""Only the changed cells reach the terminal, not the rest of their widget's line."""

from __future__ import annotations

import logging

import pytest
from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from textual.strip import Strip

from textual.screen import Screen

import amtui.ui.lean_updates as lean_updates_module
from amtui.ui.lean_updates import CroppedChopsUpdate, LeanCompositor, after_paint, lean_updates
from amtui.ui.widgets.entry_grid import EntryGrid
from test_entry_grid import GridApp


def rendered(update) -> str:
    return update.render_segments(Console(color_system=None, force_terminal=True, width=80))


def crops_asked(monkeypatch, widget_class) -> list:
    """The regions every ``widget_class`` widget is asked to render from now on (their crops)."""
    asked = []
    real = widget_class.render_lines
    monkeypatch.setattr(widget_class, "render_lines", lambda self, crop: asked.append(crop) or real(self, crop))
    return asked


async def first_paint(pilot, asked: list) -> EntryGrid:
    """The app's grid once the screen is first drawn, with what that drawing asked forgotten."""
    await pilot.pause()
    asked.clear()
    return pilot.app.query_one(EntryGrid)


def sent_for(app, grid: EntryGrid) -> str:
    """What the next redraw of ``grid``'s changes sends to the terminal, as text."""
    compositor = app.screen._compositor
    compositor.update_widgets({grid})
    return rendered(compositor.render_update())


def test_a_changed_span_is_cut_out_of_its_widget_line():
    names = Strip([Segment("Adam Ash  ")])  # a widget from x=0 to 10
    cells = Strip([Segment(" . "), Segment(" / "), Segment(" X ")])  # a widget from x=10 to 19
    update = CroppedChopsUpdate([{0: names, 10: cells}], spans=[(0, 13, 16)], chop_ends=[[10, 19]])
    assert rendered(update) == Control.move_to(13, 0).segment.text + " / "


def test_spans_on_several_lines_and_widgets_each_send_only_themselves():
    line = {0: Strip([Segment("0123456789")]), 10: Strip([Segment("abcdefghij")])}
    update = CroppedChopsUpdate([line, dict(line)], spans=[(0, 8, 12), (1, 0, 2)], chop_ends=[[10, 20]] * 2)
    move = lambda x, y: Control.move_to(x, y).segment.text  # noqa: E731
    assert rendered(update) == move(8, 0) + "89" + move(10, 0) + "ab" + "\n" + move(0, 1) + "01"


class LeanGridApp(GridApp):
    def get_default_screen(self) -> Screen:
        return lean_updates(Screen(id="_default"))


async def test_a_cell_at_the_right_of_the_grid_is_sent_alone():
    app = LeanGridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.query_one(EntryGrid)
        rightmost = max(grid.x_of)
        grid.refresh_cells([(0, rightmost)])
        compositor = app.screen._compositor
        assert isinstance(compositor, LeanCompositor)
        compositor.update_widgets({grid})
        sent = rendered(compositor.render_update())
    assert sent == Control.move_to(grid.x_of[rightmost], 1).segment.text + " . "  # row 0 is line 1


class MarkingApp(LeanGridApp):
    BINDINGS = [("x", "mark", "Mark")]

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, bool]] = []  # (when, whether the grid's change was still to draw)

    def action_mark(self) -> None:
        grid = self.query_one(EntryGrid)
        grid.refresh_cells([(0, 1)])
        self.seen.append(("in the handler", grid._repaint_required))
        after_paint(self, lambda: self.seen.append(("after the paint", grid._repaint_required)))


async def test_what_waits_for_the_paint_runs_once_the_keys_redraw_is_drawn():
    app = MarkingApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert app.seen == [("in the handler", True), ("after the paint", False)]
        assert not app.screen._compositor._dirty_regions


async def test_the_app_gives_every_screen_it_opens_the_lean_compositor(make_app, wait_until):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(app.screen_stack) > 1)
        await pilot.press("question_mark")  # a screen pushed from a key
        assert all(isinstance(s._compositor, LeanCompositor) for s in app.screen_stack)


async def test_widgets_away_from_the_change_are_not_redrawn(monkeypatch):
    from textual.widgets import Static

    class Framed(LeanGridApp):
        CSS = "EntryGrid { height: 20; }"

        def compose(self):
            yield Static("title")
            yield from super().compose()
            yield Static("message")

    asked = crops_asked(monkeypatch, Static)
    app = Framed()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await first_paint(pilot, asked)
        grid.refresh_cells([(3, 2)])
        sent = sent_for(app, grid)
    assert asked == []  # neither the title nor the message line was asked for its lines
    assert sent.endswith(" . ") and "title" not in sent


async def test_two_changes_far_apart_ask_for_their_own_lines_not_those_between(monkeypatch):
    """A mark's cell near the top and its column's count in the footer: the grid is asked
    for those two lines, not for the twenty between them."""
    asked = crops_asked(monkeypatch, EntryGrid)
    app = LeanGridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await first_paint(pilot, asked)
        grid.refresh_cells([(0, 2)])
        grid.refresh_columns([2], header=False)
        sent = sent_for(app, grid)
        footer = grid.size.height - 1
    assert sorted((crop.y, crop.height) for crop in asked) == [(1, 1), (footer, 1)]
    assert sent.count(" . ") == 1  # the cell itself, and the footer's (blank) count


def _grew_a_parameter(monkeypatch):
    from textual._compositor import Compositor

    real = Compositor._get_renders

    def _get_renders(self, crop=None, layers=None):  # as if upstream had added a parameter
        return real(self, crop)

    monkeypatch.setattr(Compositor, "_get_renders", _get_renders)


def _newer_textual(monkeypatch):
    monkeypatch.setattr(lean_updates_module, "_textual_version", lambda: (9, 0, 0))


@pytest.mark.parametrize("change", [_grew_a_parameter, _newer_textual])
async def test_a_changed_textual_draws_with_its_own_compositor_and_says_so_once(change, make_app, wait_until,
                                                                                monkeypatch, caplog):
    change(monkeypatch)
    monkeypatch.setattr(lean_updates_module, "_missing", None)  # check again, as at a start
    # import-linter, run in the same process by test_architecture, disables the loggers made before it
    monkeypatch.setattr(lean_updates_module.log, "disabled", False)
    app = make_app()
    with caplog.at_level(logging.WARNING, logger=lean_updates_module.__name__):
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: len(app.screen_stack) > 1)
            await pilot.press("question_mark")  # a second screen: no second warning
            await pilot.pause()
            assert len(app.screen_stack) > 2
            assert not any(isinstance(s._compositor, LeanCompositor) for s in app.screen_stack)
            drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    assert "Oakfield Primary" in drawn and "My classes" in drawn and "Keys (esc closes)" in drawn  # still runs and draws
    warnings = [r.getMessage() for r in caplog.records if r.name == lean_updates_module.__name__]
    assert len(warnings) == 1 and "Textual's own compositor" in warnings[0]


def test_the_textual_in_use_has_everything_the_lean_compositor_needs():
    assert lean_updates_module.what_textual_lacks(Screen()) == ""


def test_a_textual_without_its_compositor_module_still_starts(monkeypatch, caplog):
    import importlib.util
    import sys

    monkeypatch.setitem(sys.modules, "textual._compositor", None)  # the import now fails
    spec = importlib.util.spec_from_file_location("lean_updates_copy", lean_updates_module.__file__)
    copy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy)
    screen = Screen()
    with caplog.at_level(logging.WARNING):
        assert copy.lean_updates(screen) is screen
    assert type(screen._compositor).__name__ == "Compositor"
    assert "textual._compositor cannot be imported" in caplog.text


NEEDED = [*lean_updates_module.NEEDED_CALLS,
          *((lean_updates_module.NEEDED_PROPERTIES[0], name) for name in lean_updates_module.NEEDED_PROPERTIES[1])]


@pytest.mark.parametrize("owner, name", NEEDED, ids=[f"{owner.__name__}.{name}" for owner, name in NEEDED])
def test_each_internal_the_lean_compositor_needs_is_checked_when_gone(owner, name, monkeypatch):
    """Whichever internal an upstream change takes away is found at the first screen, so
    the app falls back to Textual's own compositor (as the test above shows it does)."""
    monkeypatch.setattr(owner, name, None)  # gone (deleted, an inherited one would answer)
    assert name in lean_updates_module.what_textual_lacks(Screen())
