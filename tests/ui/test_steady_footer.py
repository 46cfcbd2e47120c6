"""The class grid's footer is composed once as the grid opens, not at every 'keys may have
changed', and again when what it shows does change (d: the direction). Where Textual has
changed what the steady footer relies on, screens get Textual's own footer, and say so once."""

from __future__ import annotations

import logging

import pytest
from textual.app import App
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widget import Widget
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from amtui.db.models import CriterionMark
from amtui.ui.widgets import steady_footer
from amtui.ui.widgets.steady_footer import SteadyFooter
from meeting_pilot import screen_text
from test_class_grid import grid_school, open_grid, ready  # noqa: F401


def footer_text(screen, kind: type[Footer] = SteadyFooter) -> str:
    return " ".join(str(key.render()) for key in screen.query_one(kind).children)


def recompositions(monkeypatch) -> list:
    """The screens whose footer is composed again from now on, once for each time."""
    screens = []
    original = Footer.recompose

    async def recompose(self):
        screens.append(self.screen)
        await original(self)

    monkeypatch.setattr(Footer, "recompose", recompose)
    return screens


async def test_the_grids_footer_is_composed_once_and_again_only_when_its_keys_change(
        grid_school, wait_until, monkeypatch):
    composed = recompositions(monkeypatch)
    app = open_grid(grid_school)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, wait_until)
        await pilot.pause(0.3)
        assert composed.count(screen) == 1  # Textual's footer composed six times here
        assert "Across" in footer_text(screen) and "Undo" in footer_text(screen)
        screen.refresh_bindings()  # nothing changed: nothing composed again
        await pilot.pause(0.2)
        assert composed.count(screen) == 1
        await pilot.press("d")
        await wait_until(pilot, lambda: "Down" in footer_text(screen))
        assert composed.count(screen) == 2 and "Across" not in footer_text(screen)


def _older_compose(monkeypatch):  # an upstream compose that no longer waits for _bindings_ready
    monkeypatch.setattr(Footer, "compose", lambda self: iter(self.screen.active_bindings.values()))


def _compose_shows_more(monkeypatch):  # it reads something the steady footer does not compare
    monkeypatch.setattr(Footer, "compose", lambda self: iter([self._bindings_ready, self.screen.active_bindings,
                                                               self.combine_groups]))


def _not_subscribed(monkeypatch):  # the screen's signal no longer calls bindings_changed
    monkeypatch.setattr(Footer, "on_mount", lambda self: None)


def _signal_passes_more(monkeypatch):
    monkeypatch.setattr(Footer, "bindings_changed", lambda self, screen, changed=None: None)


TAKEN_AWAY = {  # what is taken away: (how, what the warning names)
    "Footer.bindings_changed": (lambda mp: mp.setattr(Footer, "bindings_changed", None), "bindings_changed is gone"),
    "bindings_changed's parameters": (_signal_passes_more, "bindings_changed takes"),
    "Footer.on_mount": (_not_subscribed, "no longer subscribes bindings_changed"),
    "Footer._bindings_ready": (lambda mp: mp.setattr(Footer, "_bindings_ready", False), "_bindings_ready is no"),
    "Footer.compose": (lambda mp: mp.setattr(Footer, "compose", None), "compose is gone"),
    "compose without _bindings_ready": (_older_compose, "compose no longer reads _bindings_ready"),
    "compose reads more": (_compose_shows_more, "compose now reads combine_groups"),
    "Screen.active_bindings": (lambda mp: mp.setattr(Screen, "active_bindings", None), "active_bindings is no"),
    "ActiveBinding's 4-tuple": (lambda mp: mp.setattr(ActiveBinding, "_fields", ("node", "binding", "enabled")),
                                "no longer (node, binding, enabled, tooltip)"),
    "Widget.recompose": (lambda mp: mp.setattr(Widget, "recompose", None), "recompose is gone"),
    "FooterKey's parts": (lambda mp: mp.setattr(FooterKey, "__init__", lambda self, key, label, action: None),
                          "FooterKey.__init__ takes"),
    "App.app_focus": (lambda mp: mp.setattr(App, "app_focus", True), "app_focus is no longer"),
    "a newer Textual": (lambda mp: mp.setattr(steady_footer, "_textual_version", lambda: (9, 0, 0)),
                        "version 9.0.0 is outside"),
}


def check_again(monkeypatch) -> None:
    """The footer's check made again at the next use, as at a start, its warning heard."""
    monkeypatch.setattr(steady_footer, "_missing", None)
    # import-linter, run in the same process by test_architecture, disables the loggers made before it
    monkeypatch.setattr(steady_footer.log, "disabled", False)


def test_the_textual_in_use_has_everything_the_steady_footer_needs():
    assert steady_footer.what_textual_lacks() == ""
    assert type(steady_footer.footer()) is SteadyFooter


@pytest.mark.parametrize("take_away, named", TAKEN_AWAY.values(), ids=TAKEN_AWAY)
def test_each_internal_taken_away_gives_textuals_own_footer_and_says_so_once(take_away, named, monkeypatch,
                                                                            caplog):
    check_again(monkeypatch)
    take_away(monkeypatch)
    with caplog.at_level(logging.WARNING, logger=steady_footer.__name__):
        footers = [steady_footer.footer(), steady_footer.footer()]  # two screens
    assert [type(f) for f in footers] == [Footer, Footer]
    warnings = [r.getMessage() for r in caplog.records if r.name == steady_footer.__name__]
    assert len(warnings) == 1 and "Textual's own footer" in warnings[0] and named in warnings[0]


async def test_the_grid_with_textuals_own_footer_shows_its_keys_and_their_changes(
        grid_school, wait_until, monkeypatch, caplog):
    check_again(monkeypatch)
    TAKEN_AWAY["a newer Textual"][0](monkeypatch)
    app = open_grid(grid_school)
    with caplog.at_level(logging.WARNING, logger=steady_footer.__name__):
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot, wait_until)
            await wait_until(pilot, lambda: "Across" in footer_text(screen, Footer))
            assert not screen.query(SteadyFooter)
            await pilot.press("d")
            await wait_until(pilot, lambda: "Down" in footer_text(screen, Footer))
            before = CriterionMark.select().count()
            await pilot.press("x")  # and the grid still marks: the cell is saved
            await screen.db.idle()
            assert CriterionMark.select().count() == before + 1
    warnings = [r.getMessage() for r in caplog.records if r.name == steady_footer.__name__]
    assert len(warnings) == 1 and "version 9.0.0" in warnings[0]


class PaletteApp(App):
    """A screen whose command palette key is offered or not, as a flag says."""

    palette_offered = True

    def compose(self):
        yield SteadyFooter()

    def check_action(self, action, parameters):
        return self.palette_offered if action == "command_palette" else True


async def test_the_command_palettes_key_follows_whether_it_is_offered():
    app = PaletteApp()
    async with app.run_test(size=(80, 24)) as pilot:
        palette = lambda: app.screen.query_one(SteadyFooter).query_one(".-command-palette")  # noqa: E731
        await pilot.pause(0.1)
        assert not palette().has_class("-disabled")
        app.palette_offered = None  # shown, but not offered (dimmed)
        app.refresh_bindings()
        await pilot.pause(0.1)
        assert palette().has_class("-disabled")


def test_keys_that_fit_drop_the_apps_keys_then_the_palette_then_the_screens_last_keys_whole():
    ALWAYS, SCREENS, PALETTE, APPS = steady_footer.ALWAYS, steady_footer.SCREENS, steady_footer.PALETTE, \
        steady_footer.APPS
    keys = [(10, SCREENS), (10, SCREENS), (8, ALWAYS), (6, APPS), (12, APPS), (6, ALWAYS), (13, PALETTE)]
    fit = steady_footer.keys_that_fit
    assert fit(keys, 65) == [0, 1, 2, 3, 4, 5, 6]
    assert fit(keys, 64) == [0, 1, 2, 3, 5, 6]  # the app's last key first
    assert fit(keys, 47) == [0, 1, 2, 5, 6]
    assert fit(keys, 46) == [0, 1, 2, 5]  # then the palette
    assert fit(keys, 34) == [0, 1, 2, 5]
    assert fit(keys, 33) == [0, 2, 5]  # then the screen's keys, the last first
    assert fit(keys, 3) == [2, 5]  # back and the keys' help stay


class ManyKeysScreen(Screen):
    """A screen with more keys than 50 columns hold: its own, back, and the app's."""

    BINDINGS = [Binding("a", "do('a')", "Approve"), Binding("b", "do('b')", "Bank the lot"),
                Binding("escape", "do('esc')", "Back"), Binding("c", "do('c')", "Chart")]

    def compose(self):
        yield steady_footer.footer()

    def action_do(self, key: str):
        pass


class ManyKeysApp(App):
    BINDINGS = [Binding("q", "quit", "Quit"), Binding("question_mark", "keys", "Keys", id="test.keys")]

    def on_mount(self):
        self.push_screen(ManyKeysScreen())

    def action_keys(self):
        pass


async def test_a_narrow_footer_drops_whole_keys_and_shows_them_again_when_wider():
    app = ManyKeysApp()
    async with app.run_test(size=(50, 10)) as pilot:
        await pilot.pause(0.3)
        # 11 + 16 + 8 + 9 + 8 + 8 + 13 (the palette) = 73 columns: the app's Quit, the palette
        # and the screen's last key (Chart) go, whole; Back and Keys stay.
        assert [key.description for key in app.screen.query(FooterKey)] == ["Approve", "Bank the lot", "Back",
                                                                               "Keys"]
        line = screen_text(app).splitlines()[-1]
        assert line.rstrip().endswith("? Keys") and "Qui" not in line and "Cha" not in line
        await pilot.resize_terminal(100, 10)
        await pilot.pause(0.3)
        shown = footer_text(app.screen)
        assert "Chart" in shown and "Quit" in shown and "palette" in shown


async def test_the_keys_help_stays_on_the_key_a_keymap_gives_it():
    app = ManyKeysApp()
    app.set_keymap({"test.keys": "k"})
    async with app.run_test(size=(50, 10)) as pilot:
        await pilot.pause(0.3)
        line = screen_text(app).splitlines()[-1]
        assert line.rstrip().endswith("k Keys") and "Quit" not in line and "Back" in line
