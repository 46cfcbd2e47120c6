"""Stylesheets parsed once per process (before a session, on a warm server) and shared by
every app: the same rules as Textual's own parse, and never those of other variables."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widgets import DataTable, Footer

from amtui.ui import css_cache
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.grid.class_grid import ClassGridScreen


def sources(app: AmtuiApp) -> list[tuple]:
    """What a running app adds to its stylesheet: its file, and its widgets' DEFAULT_CSS."""
    found = []
    for node in (type(app), Footer, DataTable, ClassGridScreen):
        found += DOMNode._get_default_css(css_cache._Bases(node))
    return found


def load(sheet: Stylesheet, app: AmtuiApp) -> list[str]:
    """Each rule the stylesheet holds (its selectors, declarations, tie-breaker), written out."""
    sheet.read_all(app.css_path)
    for read_from, css, tie_breaker, scope in sources(app):
        sheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
    sheet.parse()
    return [repr((rule.selector_set, rule.styles.get_rules(), rule.is_default_rules, rule.tie_breaker))
            for rule in sheet.rules]


def test_an_app_after_prewarm_parses_nothing_and_gets_textuals_own_rules():
    assert css_cache.prewarm(AmtuiApp) > 20  # the app's file and every loaded widget's CSS
    parsed = len(css_cache.PARSED)
    app = AmtuiApp(None, "")
    assert isinstance(app.stylesheet._parse_cache, css_cache.SharedParses)

    shared = load(app.stylesheet, app)

    assert len(css_cache.PARSED) == parsed  # every rule was there already
    textuals_own = load(Stylesheet(variables=app.get_css_variables()), app)
    assert shared == textuals_own and len(shared) > 50


def test_other_variables_are_parsed_again_not_served_the_old_rules():
    app = AmtuiApp(None, "")
    dark = load(app.stylesheet, app)
    variables = {**app.get_css_variables(), "primary": "#ff0000"}
    app.stylesheet.set_variables(variables)
    app.stylesheet._require_parse = True

    red = load(app.stylesheet, app)

    assert red != dark
    assert red == load(Stylesheet(variables=variables), app)


def test_where_textual_differs_nothing_is_shared():
    sheet = Stylesheet()
    sheet._parse_cache = {}  # not the cache these parts know
    assert css_cache.share_parses(sheet) is False
    assert sheet._parse_cache == {}
